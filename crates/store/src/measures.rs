//! Outcome-measure responses: raw answers, versions and the computed score.

use crate::alerts::Alert;
use crate::error::classify;
use crate::{Result, Store, StoreError, ms, new_id, parse, ts};
use jiff::Timestamp;
use sciatica_core::MeasureId;
use sciatica_core::measures::{Answer, Score};
use serde::Serialize;

/// The version of the scoring code stored with each response (REFERENCE §6).
pub const SCORING_VERSION: &str = "1";

/// A stored response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureResponse {
    /// Id.
    pub id: String,
    /// The measure.
    pub measure: MeasureId,
    /// Instrument version.
    pub instrument_version: String,
    /// Scoring version.
    pub scoring_version: String,
    /// When it was taken.
    pub taken_at: Timestamp,
    /// Raw answers (`None` = skipped).
    pub answers: Vec<Answer>,
    /// The score.
    pub score: Option<f64>,
    /// The band.
    pub band: Option<String>,
    /// Every computed figure.
    pub details: serde_json::Value,
}

fn encode(answers: &[Answer]) -> String {
    answers.iter().map(|a| a.map(|v| v.to_string()).unwrap_or_default()).collect::<Vec<_>>().join(",")
}

fn decode(text: &str) -> Result<Vec<Answer>> {
    text.split(',')
        .map(|p| {
            if p.is_empty() {
                Ok(None)
            } else {
                p.parse().map(Some).map_err(|_| StoreError::Corrupt(format!("answer `{p}`")))
            }
        })
        .collect()
}

impl Store {
    /// Saves a scored response and, in the same transaction, raises the measure rule it calls
    /// for (R26 after a high-risk STarT Back; the core decides, quiet periods included). Returns
    /// the response and the alert raised, if any.
    pub async fn save_measure(
        &self,
        patient_id: &str,
        version: &str,
        answers: &[Answer],
        score: &Score,
        at: Timestamp,
    ) -> Result<(MeasureResponse, Option<Alert>)> {
        let patient = self.patient(patient_id).await?;
        let mut tx = self.pool.begin().await?;
        let mut record = crate::records::current(&mut tx, &patient).await?;
        let id = new_id();
        let details = serde_json::to_value(score).map_err(StoreError::from)?;
        crate::sql::query(
            "INSERT INTO measure_responses (id, patient_id, measure, instrument_version, scoring_version, taken_at, answers, score, band, details) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id.clone())
        .bind(patient_id.to_owned())
        .bind(score.measure.as_str())
        .bind(version.to_owned())
        .bind(SCORING_VERSION)
        .bind(ms(at))
        .bind(encode(answers))
        .bind(score.score)
        .bind(score.band.clone())
        .bind(details.to_string())
        .execute(&mut *tx)
        .await
        .map_err(classify)?;
        let raised = match score.rule().and_then(|rule| record.measure_rule(rule, at, new_id())) {
            Some(a) => Some(crate::alerts::insert(&mut tx, patient_id, &a).await?),
            None => None,
        };
        crate::records::put(&mut tx, patient_id, &record, at).await?;
        tx.commit().await?;
        let response = MeasureResponse {
            id,
            measure: score.measure,
            instrument_version: version.to_owned(),
            scoring_version: SCORING_VERSION.to_owned(),
            taken_at: at,
            answers: answers.to_vec(),
            score: score.score,
            band: score.band.clone(),
            details,
        };
        Ok((response, raised))
    }

    /// Every response of the person, oldest first.
    pub async fn measure_responses(&self, patient_id: &str) -> Result<Vec<MeasureResponse>> {
        let rows = crate::sql::query(
            "SELECT id, measure, instrument_version, scoring_version, taken_at, answers, score, band, details \
             FROM measure_responses WHERE patient_id = $1 ORDER BY taken_at, id",
        )
        .bind(patient_id.to_owned())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(row).collect()
    }

    /// One response of the person by id; `None` when it is not theirs or does not exist.
    pub async fn measure_response(&self, patient_id: &str, id: &str) -> Result<Option<MeasureResponse>> {
        let found = crate::sql::query(
            "SELECT id, measure, instrument_version, scoring_version, taken_at, answers, score, band, details \
             FROM measure_responses WHERE patient_id = $1 AND id = $2",
        )
        .bind(patient_id.to_owned())
        .bind(id.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        found.as_ref().map(row).transpose()
    }
}

fn row(r: &crate::sql::Row) -> Result<MeasureResponse> {
    let details: String = r.try_get("details")?;
    Ok(MeasureResponse {
        id: r.try_get("id")?,
        measure: parse("measure", &r.try_get::<String, _>("measure")?)?,
        instrument_version: r.try_get("instrument_version")?,
        scoring_version: r.try_get("scoring_version")?,
        taken_at: ts(r.try_get("taken_at")?)?,
        answers: decode(&r.try_get::<String, _>("answers")?)?,
        score: r.try_get("score")?,
        band: r.try_get("band")?,
        details: serde_json::from_str(&details).map_err(StoreError::from)?,
    })
}

impl MeasureResponse {
    /// The figures saved with the response, as scored then (leg and back pain, activity names).
    pub fn scored(&self) -> Option<Score> {
        serde_json::from_value(self.details.clone()).ok()
    }

    /// The activities a PSFS response rated, in item order (empty for other measures).
    pub fn activities(&self) -> Vec<String> {
        self.scored().map(|s| s.activities).unwrap_or_default()
    }
}

/// The latest response of a measure with its baseline (the first scored response) and the change.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureProgress {
    /// The latest response.
    pub latest: MeasureResponse,
    /// The first scored response's score, when it is not the latest.
    pub baseline: Option<f64>,
    /// The change from the baseline.
    pub change: Option<sciatica_core::measures::Change>,
}

/// The progress of every measure that has a response, in the order of the measures: the
/// responses grouped by measure; what each is compared with and the change are the core's.
pub fn measure_progress(
    content: &sciatica_core::Content,
    responses: &[MeasureResponse],
) -> Vec<MeasureProgress> {
    let mut out = Vec::new();
    for id in MeasureId::ALL {
        let of: Vec<&MeasureResponse> = responses.iter().filter(|r| r.measure == *id).collect();
        let Some(latest) = of.last() else { continue };
        let scores: Vec<Option<f64>> = of.iter().map(|r| r.score).collect();
        let baseline = sciatica_core::measures::baseline(&scores);
        let change = baseline
            .zip(latest.score)
            .map(|(b, v)| sciatica_core::measures::change(content.measure(*id), b, v));
        out.push(MeasureProgress { latest: (*latest).clone(), baseline, change });
    }
    out
}
