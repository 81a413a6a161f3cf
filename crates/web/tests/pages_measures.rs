//! The questionnaires in the browser on a real server: what a new patient is asked and when,
//! each shipped questionnaire answered and scored against the first answer, bad answers named on
//! the form, and licensed questionnaires offered only once a clinic has loaded their text (their
//! scores are still taken from a paper copy before then).

mod common;

use common::api::answers;
use common::pages::{ODI_ANSWERS, screen};
use common::{Client, Server, start};
use reqwest::StatusCode;
use sciatica_core::Content;
use sciatica_core::content::measure::PLACEHOLDER;
use sciatica_core::policy::Role;

/// A patient who has answered the screen (no warning signs) and has a programme.
async fn patient(s: &Server, email: &str) -> Client {
    s.user(email, Role::Patient).await;
    let mut p = s.signed_in(email).await;
    screen(&mut p, &answers(&[])).await;
    p
}

/// Posts a form and follows the redirect to the saved page; returns its body.
async fn save(p: &mut Client, path: &str, form: &[(&str, &str)]) -> String {
    let r = p.post(path, form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", r.body);
    let to = r.location().to_owned();
    assert!(to.starts_with(&format!("{path}/saved/")), "{to}");
    let page = p.get(&to).await;
    assert_eq!(page.status, StatusCode::OK);
    page.body
}

#[tokio::test]
async fn a_new_patient_is_asked_the_shipped_questionnaires_and_sees_what_each_score_means() {
    let s = start().await;
    let mut p = patient(&s, "sam@example.org").await;

    let today = p.get("/today").await.body;
    for (href, name) in
        [("nrs", "Leg and back pain"), ("psfs", "Things you find hard to do"), ("peg", "Pain and its effect")]
    {
        assert!(today.contains(&format!("href=\"/measures/{href}\">{name}")), "Today lists {href}: {today}");
    }
    assert!(!today.contains("/measures/odi"), "the ODI's text is not loaded: not due");
    assert!(!today.contains("/measures/global_change"), "the weekly question starts after a week");

    let list = p.get("/measures").await.body;
    for id in ["nrs", "psfs", "peg", "global_change"] {
        assert!(list.contains(&format!("href=\"/measures/{id}\"")), "{id} listed");
    }
    for id in ["odi", "rmdq", "sbi", "sfi", "startback"] {
        assert!(!list.contains(&format!("href=\"/measures/{id}\"")), "{id} is not listed without its text");
    }

    // Leg and back pain: two scales, each 0-10.
    let form = p.get("/measures/nrs").await.body;
    assert!(form.contains("1. Leg pain") && form.contains("2. Back pain"), "{form}");
    assert_eq!(form.matches("type=\"radio\"").count(), 22);
    let first = save(&mut p, "/measures/nrs", &[("item1", "7"), ("item2", "3")]).await;
    assert!(first.contains("Leg pain: 7 out of 10") && first.contains("Back pain: 3 out of 10"), "{first}");
    assert!(first.contains("Your leg pain is 7 out of 10: this is your starting point"), "{first}");
    let second = save(&mut p, "/measures/nrs", &[("item1", "4"), ("item2", "2")]).await;
    assert!(
        second.contains("3 points better than your first answer of 7: that is a change that matters"),
        "{second}"
    );

    // The PSFS: named activities, rated; a rating without a name comes back on the form.
    let bad = p
        .post("/measures/psfs", &[("name1", "Sitting"), ("item1", "3"), ("name2", ""), ("item2", "5")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("has a rating but no name; allowed: the activity the rating is about"),
        "{}",
        bad.body
    );
    assert!(bad.body.contains("value=\"Sitting\""), "what was typed is kept");
    let psfs = save(
        &mut p,
        "/measures/psfs",
        &[("name1", "Sitting"), ("item1", "3"), ("name2", "Putting on socks"), ("item2", "5")],
    )
    .await;
    assert!(psfs.contains("Your average rating is 4 out of 10: this is your starting point"), "{psfs}");
    let again = p.get("/measures/psfs").await.body;
    assert!(again.contains("value=\"Putting on socks\""), "the same activities are rated again");

    // The PEG: every item needed; then the mean.
    let short = p.post("/measures/peg", &[("item1", "4"), ("item3", "7")]).await;
    assert_eq!(short.status, StatusCode::SEE_OTHER, "too few answers is a result, not an error");
    let incomplete = p.get(short.location()).await.body;
    assert!(
        incomplete.contains("not enough answers for a score (2 of 3 answered, at least 3 needed)"),
        "{incomplete}"
    );
    let peg = save(&mut p, "/measures/peg", &[("item1", "4"), ("item2", "6"), ("item3", "7")]).await;
    assert!(peg.contains("Your PEG score is 5.7 out of 10"), "{peg}");
    let out = p.post("/measures/peg", &[("item1", "11")]).await;
    assert_eq!(out.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(out.body.contains("`11` is not allowed; allowed: a whole number from 0 to 10"), "{}", out.body);

    // The global change question; then nothing is due today.
    let g = save(&mut p, "/measures/global_change", &[("item1", "1")]).await;
    assert!(g.contains("Much better") && g.contains("that is the kind of change that matters"), "{g}");
    let today = p.get("/today").await.body;
    assert!(!today.contains("Questionnaires to answer"), "all answered: {today}");

    // Another person's response, or an unknown measure, is not found.
    let theirs = s.store.user_by_email("sam@example.org").await.unwrap().unwrap().patient_id.unwrap();
    let id = s.store.measure_responses(&theirs).await.unwrap()[0].id.clone();
    let mut other = patient(&s, "robin@example.org").await;
    assert_eq!(other.get(&format!("/measures/nrs/saved/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(p.get(&format!("/measures/psfs/saved/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(p.get("/measures/pain").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn licensed_scores_are_still_taken_from_a_paper_copy() {
    let s = start().await;
    let mut p = patient(&s, "sam@example.org").await;
    let form = p.get("/measures/odi").await.body;
    assert!(
        form.contains("Use your clinic&#x27;s copy") || form.contains("Use your clinic's copy"),
        "{form}"
    );
    assert!(!form.contains(PLACEHOLDER), "no placeholder text is shown as a question");
    let saved = save(&mut p, "/measures/odi", &ODI_ANSWERS).await;
    assert!(saved.contains("51.1 out of 100") && saved.contains("Severe disability"), "{saved}");
    assert!(saved.contains("Your Oswestry score is 51.1 out of 100: this is your starting point"), "{saved}");
}

#[tokio::test]
async fn a_clinic_that_loads_the_licensed_text_offers_the_questionnaire() {
    let files: Vec<(String, String)> = Content::embedded_files()
        .iter()
        .map(|(p, t)| {
            let t = if *p == "measures/odi.toml" {
                t.replace(PLACEHOLDER, "Section wording from the clinic's licensed copy.").replace(
                    "item_text_licensed = true",
                    "item_text_licensed = true\nlicensed_text_loaded = true\ncopyright_notice = \"Used under the clinic's licence.\"",
                )
            } else {
                (*t).to_owned()
            };
            ((*p).to_owned(), t)
        })
        .collect();
    let content: &'static Content = Box::leak(Box::new(Content::from_files(files).unwrap()));
    let s = common::start_with_content(content).await;
    let mut p = patient(&s, "sam@example.org").await;
    assert!(p.get("/today").await.body.contains("href=\"/measures/odi\""), "the ODI is due at the start");
    assert!(p.get("/measures").await.body.contains("href=\"/measures/odi\""));
    let form = p.get("/measures/odi").await.body;
    assert!(form.contains("Section wording from the clinic"), "the form shows the loaded text");
    assert!(form.contains("Used under the clinic"), "with its copyright notice");
    assert!(!form.contains("is licensed and is not included"), "{form}");
    assert!(!p.get("/measures/rmdq").await.body.contains("Section wording"), "only the ODI was loaded");
}
