//! What the store tests share: calm screen answers.

use sciatica_core::triage::answers::Answers;

/// Calm answers (a cleared disc herniation, no red flags) with some changed.
pub fn answers(patch: &[(&str, serde_json::Value)]) -> Answers {
    let mut j = serde_json::json!({
        "age": 42, "diagnosis": "disc_herniation", "cleared_to_exercise": true,
        "bladder": false, "bowel": false, "saddle": false, "sexual": false,
        "bilateral": "none", "weakness": "none", "fever": false, "unwell": false,
        "infection_risk": [], "cancer": false, "weight_loss": false, "night_pain": false,
        "thoracic": false, "back_pain_worsening": false, "trauma": "none", "bone_risk": [],
        "sudden_severe_central_pain": false, "abdominal": false, "inflammatory": false,
        "vascular": false, "first_episode": false, "pregnant": false,
        "recent_spinal_surgery": false, "new_numbness": false
    });
    for (k, v) in patch {
        j[*k] = v.clone();
    }
    Answers::from_json(&j).unwrap()
}
