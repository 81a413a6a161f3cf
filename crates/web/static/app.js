// sciatica: small enhancements on top of pages that work without JavaScript.
"use strict";

// Fill hidden time-zone fields with the browser's zone (the person confirms it later).
function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (_) {
    return "";
  }
}
document.querySelectorAll("[data-time-zone]").forEach((el) => {
  el.value = browserZone();
});
// Preselect the browser's zone when the saved one is still the default.
document.querySelectorAll("[data-time-zone-select]").forEach((el) => {
  const zone = browserZone();
  const known = el.list ? [...el.list.options] : [];
  if (el.value === "UTC" && zone && known.some((o) => o.value === zone)) el.value = zone;
});

// Select a link's text when its box is focused, so it is easy to copy; a button copies it.
document.querySelectorAll("input.copy").forEach((el) => el.addEventListener("focus", () => el.select()));
document.querySelectorAll("[data-copy]").forEach((btn) => {
  const input = document.getElementById(btn.dataset.copy);
  if (!input || !navigator.clipboard) return;
  btn.hidden = false;
  btn.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      btn.textContent = btn.dataset.copied || btn.textContent;
    } catch (_) {
      input.focus();
    }
  });
});

// The session player: hold countdowns, a rep counter, the screen kept on, and an optional sound
// or vibration at the end of each hold. The plain "I have done it" form still does the saving.
// Its wording comes from the content, in the page's data-words (JSON): "{n}"-style placeholders
// are filled here.
(function player() {
  const root = document.querySelector("[data-player]");
  if (!root) return;
  let w;
  try {
    w = JSON.parse(root.dataset.words || "");
  } catch (_) {
    return; // Without its wording the player stays hidden; the plain form still works.
  }
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));
  root.hidden = false;
  const num = (name) => parseInt(root.dataset[name] || "0", 10) || 0;
  const sets = Math.max(1, num("sets"));
  const reps = Math.max(1, num("reps"));
  const hold = num("hold");
  const minutes = num("minutes");
  const sides = Math.max(1, num("sides"));
  const status = root.querySelector("[data-status]");
  const clock = root.querySelector("[data-countdown]");
  const start = root.querySelector("[data-start]");
  const rep = root.querySelector("[data-rep]");
  const sound = root.querySelector("[data-sound]");
  const vibrate = root.querySelector("[data-vibrate]");
  const done = document.querySelector("[data-done]");
  const REST = 5;
  // What the player counted, sent with "I have done it" once it has been started (left empty,
  // the server judges from how long the exercise was on screen).
  const countedReps = document.querySelector("[data-counted-reps]");
  const countedSeconds = document.querySelector("[data-counted-seconds]");
  let started = false;
  let repsDone = 0;
  let secondsRun = 0;
  function record() {
    if (!started) return;
    if (countedReps) countedReps.value = String(repsDone);
    if (countedSeconds && minutes > 0) countedSeconds.value = String(secondsRun);
  }

  for (const [box, key] of [[sound, "sciatica-sound"], [vibrate, "sciatica-vibrate"]]) {
    if (!box) continue;
    box.checked = localStorage.getItem(key) === "1";
    box.addEventListener("change", () => localStorage.setItem(key, box.checked ? "1" : "0"));
  }
  if (vibrate && !("vibrate" in navigator)) vibrate.closest("label").hidden = true;
  // The sound and vibration mark the end of a hold: no holds, no options.
  // They are offered when the first hold starts, and kept from then on.
  const ASKED = "sciatica-signal-asked";
  const options = root.querySelector(".player-options");
  const holds = hold > 0 && minutes === 0;
  if (options) options.hidden = !holds || localStorage.getItem(ASKED) !== "1";
  function offerSignal() {
    if (!options || !holds || !options.hidden) return;
    options.hidden = false;
    localStorage.setItem(ASKED, "1");
  }

  // The figure follows the timer: moving for a rep or a walk, held in the end position during a
  // hold, back in the start position between holds and sides; the side is written under it.
  const fig = document.querySelector("[data-figure]");
  const img = fig && fig.querySelector("img");
  const still = fig && fig.querySelector("source");
  const sideTag = fig && fig.querySelector("[data-figure-side]");
  const base = img ? img.getAttribute("src").replace(/\.svg$/, "") : "";
  const name = ((document.querySelector("main h1") || {}).textContent || "").trim();
  const frames = {
    moving: [`${base}.svg`, img ? img.alt : ""],
    held: [`${base}-end.svg`, fill(w.figure_held, { name })],
    resting: [`${base}-start.svg`, fill(w.figure_resting, { name })],
  };
  function pose(state) {
    if (!img || fig.dataset.state === state) return;
    fig.dataset.state = state;
    [img.src, img.alt] = frames[state];
    // With reduced motion nothing moves: the still picture for the moment is shown instead.
    if (still) still.srcset = state === "resting" ? frames.resting[0] : frames.held[0];
  }
  function showSide(side) {
    if (!sideTag) return;
    sideTag.textContent = side ? side[0].toUpperCase() + side.slice(1) : "";
    sideTag.hidden = !side;
  }

  let lock = null;
  async function keepAwake() {
    try {
      if ("wakeLock" in navigator && !lock) {
        lock = await navigator.wakeLock.request("screen");
        lock.addEventListener("release", () => { lock = null; });
      }
    } catch (_) { /* not allowed here: the session still works */ }
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && running) keepAwake();
  });

  let audio = null;
  function signal() {
    if (sound && sound.checked) {
      try {
        audio = audio || new (window.AudioContext || window.webkitAudioContext)();
        const o = audio.createOscillator();
        const g = audio.createGain();
        o.frequency.value = 660;
        g.gain.value = 0.15;
        o.connect(g).connect(audio.destination);
        o.start();
        o.stop(audio.currentTime + 0.35);
      } catch (_) { /* no sound available */ }
    }
    if (vibrate && vibrate.checked && "vibrate" in navigator) navigator.vibrate(250);
  }

  const sideName = (s) => (sides === 2 ? (s === 0 ? w.left_side : w.right_side) : "");
  const where = (set, side) =>
    [sets > 1 ? fill(w.round, { n: set + 1, of: sets }) : "", sideName(side)].filter(Boolean).join(", ");
  const say = (text) => { status.textContent = text; };
  const show = (secs) => {
    const m = Math.floor(secs / 60);
    const s = secs % 60;
    clock.textContent = m > 0 ? `${m}:${String(s).padStart(2, "0")}` : String(s);
  };

  // The plan as a list of blocks: each waits for "Start", then runs its steps.
  const blocks = [];
  if (minutes > 0) {
    blocks.push({ label: "", steps: [{ kind: "count", secs: minutes * 60, text: fill(w.keep_going, { minutes }) }] });
  } else {
    for (let set = 0; set < sets; set++) {
      for (let side = 0; side < sides; side++) {
        const steps = [];
        for (let r = 0; r < reps; r++) {
          if (hold > 0) {
            steps.push({ kind: "count", secs: hold, text: fill(w.hold, { n: r + 1, of: reps }), end: true });
            if (r < reps - 1) steps.push({ kind: "count", secs: REST, text: w.relax });
          } else {
            steps.push({ kind: "rep", done: r, text: fill(w.reps_done, { n: r, of: reps }) });
          }
        }
        blocks.push({ label: where(set, side), side: sideName(side), steps });
      }
    }
  }

  let block = 0;
  let step = 0;
  let timer = null;
  let left = 0;
  let running = false;

  function finished() {
    running = false;
    start.hidden = true;
    rep.hidden = true;
    clock.textContent = "✓";
    pose("resting");
    showSide("");
    say(w.all_done);
    if (lock) lock.release();
    if (done) done.focus();
  }

  function nextBlock() {
    block += 1;
    step = 0;
    if (block >= blocks.length) return finished();
    running = false;
    rep.hidden = true;
    start.hidden = false;
    start.textContent = w.start;
    clock.textContent = "";
    pose("resting");
    showSide(blocks[block].side);
    say(fill(w.next, { where: blocks[block].label }));
  }

  function tick(s) {
    left -= 1;
    if (minutes > 0) secondsRun += 1;
    show(Math.max(left, 0));
    if (left <= 0) {
      clearInterval(timer);
      timer = null;
      if (s.end) {
        signal();
        repsDone += 1;
      }
      if (minutes > 0) repsDone = 1;
      step += 1;
      runStep();
    }
    record();
  }

  function runStep() {
    const b = blocks[block];
    if (step >= b.steps.length) return nextBlock();
    const s = b.steps[step];
    const label = b.label ? ` (${b.label})` : "";
    showSide(b.side);
    if (s.kind === "rep" || minutes > 0) pose("moving");
    else if (s.end) {
      pose("held");
      offerSignal();
    } else pose("resting");
    if (s.kind === "rep") {
      start.hidden = true;
      rep.hidden = false;
      say(fill(w.do_one, { count: `${s.text}${label}` }));
      clock.textContent = String(s.done);
      return;
    }
    left = s.secs;
    say(`${s.text}${label}`);
    show(left);
    timer = setInterval(() => tick(s), 1000);
  }

  start.addEventListener("click", () => {
    if (timer) {
      clearInterval(timer);
      timer = null;
      start.textContent = w.carry_on;
      say(w.paused);
      return;
    }
    if (!running) {
      running = true;
      started = true;
      record();
      keepAwake();
      start.textContent = w.pause;
      runStep();
      return;
    }
    // Resume a paused countdown.
    start.textContent = w.pause;
    const s = blocks[block].steps[step];
    timer = setInterval(() => tick(s), 1000);
  });

  rep.addEventListener("click", () => {
    repsDone += 1;
    record();
    step += 1;
    runStep();
  });

  if (blocks[0].side) showSide(blocks[0].side);
  if (minutes > 0) say(root.dataset.ready);
  else say(blocks.length > 1 && blocks[0].label ? fill(w.first, { where: blocks[0].label }) : w.ready);
})();

// The body map: tapping a region chooses that level for its leg (the radio buttons stay the
// form's inputs, and changing them updates the picture).
(function bodyMap() {
  const fig = document.querySelector("[data-bodymap]");
  if (!fig) return;
  const form = fig.nextElementSibling;
  // The map's description names each leg's choice ("… Left: Thigh. Right: No symptoms."); keep it
  // true as the choice changes.
  const desc = fig.querySelector("desc");
  const base = desc ? desc.textContent.split(" Left: ")[0] : "";
  const chosen = (side) => {
    const checked = form.querySelector(`input[name="${side}"]:checked`);
    return checked ? checked.closest("label").textContent.trim() : "not chosen yet";
  };
  const paint = (side) => {
    const checked = form.querySelector(`input[name="${side}"]:checked`);
    const level = checked ? parseInt(checked.value, 10) : 0;
    fig.querySelectorAll(`.bm-region[data-side="${side}"]`).forEach((g) => {
      const l = parseInt(g.dataset.level, 10);
      g.classList.toggle("bm-shaded", l <= level);
      g.classList.toggle("bm-chosen", l === level);
    });
    if (desc) {
      desc.textContent = `${base} Left: ${chosen("left")}. Right: ${chosen("right")}.`;
    }
  };
  fig.querySelectorAll(".bm-region").forEach((g) => {
    g.addEventListener("click", () => {
      const input = form.querySelector(`input[name="${g.dataset.side}"][value="${g.dataset.level}"]`);
      if (input) {
        input.checked = true;
        paint(g.dataset.side);
      }
    });
  });
  form.addEventListener("change", (e) => {
    if (e.target.name === "left" || e.target.name === "right") paint(e.target.name);
  });
})();
