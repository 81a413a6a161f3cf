//! The checks of the measure files: items and labels, bands, schedules, licensed text a clinic
//! loads, named items and band meanings.

use super::{Paths, Report};
use crate::content::Content;
use crate::content::measure::{MeasureDef, PLACEHOLDER, Scoring};
use crate::ids::MeasureId;
use std::collections::BTreeSet;

pub(super) fn measures(c: &Content, paths: &Paths, r: &mut Report, known: &BTreeSet<String>) {
    r.duplicates("measures/", "measure", c.measures.iter().map(|m| m.id.as_str()));
    for id in MeasureId::ALL {
        if !c.measures.iter().any(|m| m.id == *id) {
            r.add("measures/", id.as_str(), "measure is not defined");
        }
    }
    for m in &c.measures {
        let f = paths.measures.get(&m.id).map_or("measures/", String::as_str);
        let id = m.id.as_str();
        r.sources(f, id, &m.sources, known);
        if m.items.is_empty() {
            r.add(f, id, "has no items");
        }
        for (i, item) in m.items.iter().enumerate() {
            if item.min > item.max {
                r.add(f, id, format!("item {}: `min` is above `max`", i + 1));
            }
            if !item.labels.is_empty() && item.labels.len() != usize::from(item.max - item.min) + 1 {
                r.add(
                    f,
                    id,
                    format!("item {}: one label per answer code from {} to {}", i + 1, item.min, item.max),
                );
            }
        }
        if m.min_answered.is_some_and(|n| n == 0 || n > m.items.len()) {
            r.add(f, id, "`min_answered` must be between 1 and the number of items");
        }
        if m.bands.windows(2).any(|w| w[0].max >= w[1].max) {
            r.add(f, id, "band bounds must rise");
        }
        if m.decimals > 2 {
            r.add(f, id, "`decimals` allowed: 0 to 2");
        }
        measure_rules(m, f, r);
    }
}

/// The rules of the fields for schedules, licensed text, named items and band meanings.
fn measure_rules(m: &MeasureDef, f: &str, r: &mut Report) {
    let id = m.id.as_str();
    for p in &m.schedule {
        if let Err(e) = crate::measures::due::Point::parse(p) {
            r.add(f, id, format!("`schedule`: {e}"));
        }
    }
    if m.licensed_text_loaded {
        if !m.item_text_licensed {
            r.add(f, id, "`licensed_text_loaded` is only for a measure with `item_text_licensed = true`");
        }
        if m.copyright_notice.as_deref().is_none_or(|n| n.trim().is_empty()) {
            r.add(f, id, "`licensed_text_loaded` needs `copyright_notice`: the statement your licence asks you to show");
        }
        for (i, item) in m.items.iter().enumerate() {
            if item.text.trim().is_empty() || item.text == PLACEHOLDER {
                r.add(
                    f,
                    id,
                    format!("item {}: `text` is still the placeholder; put in the licensed text", i + 1),
                );
            }
        }
    }
    if m.named_items && m.scoring != Scoring::Mean {
        r.add(f, id, "`named_items` needs `scoring = \"mean\"`");
    }
    if m.short_form_items.is_some_and(|n| n == 0 || n >= m.items.len()) {
        r.add(f, id, "`short_form_items` must be between 1 and one less than the number of items");
    }
    if m.result_name.trim().is_empty() || m.plain_name.trim().is_empty() {
        r.add(f, id, "`plain_name` and `result_name` must not be empty");
    }
    let risks = ["low", "medium", "high"];
    for band in m.band_meanings.keys() {
        let known = if m.scoring == Scoring::Startback {
            risks.contains(&band.as_str())
        } else {
            m.bands.iter().any(|b| &b.id == band)
        };
        if !known {
            r.add(f, id, format!("`band_meanings` names `{band}`, which is not one of its bands"));
        }
    }
}
