//! `sciatica harm`: say that something went wrong after a session (what happened, how bad), keep
//! it with the session, alert the clinician, and show the advice for it (an urgent card first
//! when it is urgent).

use crate::args::HarmArgs;
use crate::ctx::Ctx;
use crate::failure::bad;
use crate::output::{Out, print_json, urgency_style};
use crate::prompt::Prompter;
use anyhow::Result;
use jiff::Timestamp;
use sciatica_core::Urgency;
use sciatica_core::harm::{HarmKind, Report, advise};
use sciatica_store::harm::Reported;

pub async fn run(ctx: &Ctx, a: HarmArgs) -> Result<()> {
    let c = ctx.content;
    let t = &c.texts.harm;
    let mut p = Prompter::new(ctx.json());
    let kind = if let Some(k) = a.kind {
        k
    } else {
        let labels: Vec<String> = t.kinds.values().cloned().collect();
        let values: Vec<&str> = t.kinds.keys().map(|k| k.as_str()).collect();
        let i = p.choice(&t.kind_question, "", &labels, &values)?;
        values[i].to_owned()
    };
    let severity = if let Some(s) = a.severity {
        s
    } else {
        let labels: Vec<String> = t.severities.values().cloned().collect();
        let values: Vec<&str> = t.severities.keys().map(|s| s.as_str()).collect();
        let i = p.choice(&t.severity_question, "", &labels, &values)?;
        values[i].to_owned()
    };
    let needs_details = kind.trim() == HarmKind::Other.as_str();
    let details = match a.details {
        Some(d) => d,
        None if needs_details => p.text(&t.details_label, None)?,
        None => String::new(),
    };
    let report = Report::parse(&kind, &severity, &details)?;
    let store = ctx.store().await?;
    let Some(patient) = store.local_patient().await? else {
        store.close().await;
        return Err(bad("no profile yet: start with `sciatica screen`"));
    };
    let latest = match a.session {
        Some(_) => None,
        None => store.newest_sessions(&patient.id, 1, None).await?.into_iter().next().map(|s| s.id),
    };
    let Some(session) = a.session.or(latest) else {
        store.close().await;
        return Err(bad(
            "no session yet: a report is kept with a session (`sciatica session` or `sciatica log`)",
        ));
    };
    let stored = match store.report_harm(c, &patient, &session, None, &report, Timestamp::now()).await {
        Ok(Reported::Stored(r, _) | Reported::Again(r)) => r,
        Err(sciatica_store::StoreError::NotFound) => {
            store.close().await;
            return Err(bad(format!("--session: no session `{session}` of yours; see `sciatica progress`")));
        }
        Err(e) => {
            store.close().await;
            return Err(e.into());
        }
    };
    store.close().await;
    let advice = advise(c, stored.kind, stored.severity);
    if ctx.json() {
        return print_json(&serde_json::json!({
            "id": stored.id,
            "session_id": stored.session_id,
            "kind": stored.kind,
            "severity": stored.severity,
            "rule": stored.rule,
            "urgency": advice.urgency,
            "action": advice.action,
            "emergency": advice.emergency(),
            "paused": advice.pauses(),
            "advice": advice.advice,
        }));
    }
    let mut out = Out::stdout();
    let text = &c.texts.urgency[&advice.urgency];
    if advice.urgency >= Urgency::SameDay {
        out.card(
            urgency_style(advice.urgency),
            &text.title.to_uppercase(),
            &[&text.what_to_do, &advice.advice],
        );
        out.blank();
        out.para(
            "No exercises will be shown until a clinician has assessed you. Afterwards, record it with: sciatica assessed --note \"what the clinician said\"",
            "",
        );
    } else {
        out.heading(&text.title);
        out.para(&advice.advice, "");
        out.blank();
        out.para(&c.texts.action[&advice.action], "");
    }
    out.blank();
    out.para(&t.saved, "");
    Ok(())
}

#[cfg(test)]
mod tests {
    use sciatica_core::harm::{HarmKind, Severity};

    #[test]
    fn the_help_lists_every_kind_and_severity() {
        let help = include_str!("../args/mod.rs");
        for k in HarmKind::ALL {
            assert!(help.contains(k.as_str()), "{k}");
        }
        for s in Severity::ALL {
            assert!(help.contains(s.as_str()), "{s}");
        }
    }
}
