//! The clinic settings an administrator chooses in the browser: the clinic's name and number and
//! the emergency numbers on the urgent cards, and when the clinician panel calls a patient "not
//! logging". A stored setting overrides the server's start-up option (`--clinic-name`,
//! `--clinic-phone`, `--emergency-number`); clearing it brings the option back.

use crate::AppState;
use crate::contacts::{Clinic, Contacts, Phone};
use crate::error::{AppError, FieldProblem};
use sciatica_store::Store;
use sciatica_store::settings::{CLINIC_NAME, CLINIC_PHONE, EMERGENCY_NUMBERS, PANEL_INACTIVE_DAYS};

/// Days without a session after which the panel shows a patient as not logging, when no
/// administrator chose otherwise.
pub const DEFAULT_INACTIVE_DAYS: u32 = 3;
/// The range an administrator may choose from.
pub const INACTIVE_DAYS: std::ops::RangeInclusive<u32> = 1..=90;
/// Longest clinic name.
pub const NAME_MAX: usize = 100;

/// The clinic settings as stored (`None`: not set here, the start-up option applies).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClinicSettings {
    /// The clinic's name.
    pub clinic_name: Option<String>,
    /// The clinic's number, as written.
    pub clinic_phone: Option<String>,
    /// The emergency numbers, as written, separated by commas.
    pub emergency_numbers: Option<String>,
    /// The panel's inactivity threshold in days.
    pub inactive_days: Option<u32>,
}

impl ClinicSettings {
    /// The stored settings.
    pub async fn load(store: &Store) -> Result<ClinicSettings, AppError> {
        let text = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        Ok(ClinicSettings {
            clinic_name: text(store.setting(CLINIC_NAME).await?),
            clinic_phone: text(store.setting(CLINIC_PHONE).await?),
            emergency_numbers: text(store.setting(EMERGENCY_NUMBERS).await?),
            inactive_days: store.setting(PANEL_INACTIVE_DAYS).await?.and_then(|d| d.trim().parse().ok()),
        })
    }

    /// Checks settings as typed (an empty field clears the setting); problems name the field
    /// (`clinic_name`, `clinic_phone`, `emergency_numbers`, `inactive_days`). `defaults` are the
    /// start-up options, which fill what is left empty.
    pub fn parse(
        clinic_name: &str,
        clinic_phone: &str,
        emergency_numbers: &str,
        inactive_days: &str,
        defaults: &Contacts,
    ) -> Result<ClinicSettings, AppError> {
        let mut problems = Vec::new();
        let mut bad = |field: &str, message: String| {
            problems.push(FieldProblem { field: field.to_owned(), message });
        };
        let given = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let name = given(clinic_name);
        if name.as_ref().is_some_and(|n| n.chars().count() > NAME_MAX) {
            bad("clinic_name", format!("is too long; allowed: up to {NAME_MAX} characters"));
        }
        if name.as_ref().is_some_and(|n| n.chars().any(char::is_control)) {
            bad(
                "clinic_name",
                "has a control character; allowed: letters, digits, spaces and punctuation".into(),
            );
        }
        let phone = given(clinic_phone);
        if let Some(p) = &phone
            && let Err(e) = Phone::parse("clinic_phone", p)
        {
            bad("clinic_phone", e.problem);
        }
        if name.is_some() && phone.is_none() && defaults.clinic.is_none() {
            bad(
                "clinic_phone",
                "A telephone number is needed when the clinic's name is set (the urgent cards link to it)"
                    .into(),
            );
        }
        let emergency = given(emergency_numbers);
        if let Some(list) = &emergency {
            for n in list.split(',').filter(|n| !n.trim().is_empty()) {
                if let Err(e) = Phone::parse("emergency_numbers", n) {
                    bad("emergency_numbers", e.problem);
                    break;
                }
            }
        }
        let days = match given(inactive_days) {
            None => None,
            Some(d) => match d.parse::<u32>() {
                Ok(n) if INACTIVE_DAYS.contains(&n) => Some(n),
                _ => {
                    bad(
                        "inactive_days",
                        format!(
                            "\"{d}\" is not a number of days; allowed: a whole number from {} to {}",
                            INACTIVE_DAYS.start(),
                            INACTIVE_DAYS.end()
                        ),
                    );
                    None
                }
            },
        };
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        Ok(ClinicSettings {
            clinic_name: name,
            clinic_phone: phone,
            emergency_numbers: emergency,
            inactive_days: days,
        })
    }

    /// The changes to store: each key with its value, or `None` to clear it.
    pub fn changes(&self) -> [(&'static str, Option<String>); 4] {
        [
            (CLINIC_NAME, self.clinic_name.clone()),
            (CLINIC_PHONE, self.clinic_phone.clone()),
            (EMERGENCY_NUMBERS, self.emergency_numbers.clone()),
            (PANEL_INACTIVE_DAYS, self.inactive_days.map(|d| d.to_string())),
        ]
    }

    /// The numbers on the urgent cards: these settings over the start-up options.
    pub fn contacts(&self, defaults: &Contacts) -> Contacts {
        let emergency: Vec<Phone> = self
            .emergency_numbers
            .as_deref()
            .map(|list| list.split(',').filter_map(|n| Phone::parse("emergency_numbers", n).ok()).collect())
            .unwrap_or_default();
        let phone = self.clinic_phone.as_deref().and_then(|p| Phone::parse("clinic_phone", p).ok());
        let clinic = match (phone, &defaults.clinic) {
            (Some(phone), d) => Some(Clinic {
                name: self
                    .clinic_name
                    .clone()
                    .or_else(|| d.as_ref().map(|c| c.name.clone()))
                    .unwrap_or_else(|| "your clinic".to_owned()),
                phone,
            }),
            (None, Some(d)) => Some(Clinic {
                name: self.clinic_name.clone().unwrap_or_else(|| d.name.clone()),
                phone: d.phone.clone(),
            }),
            (None, None) => None,
        };
        Contacts {
            emergency: if emergency.is_empty() { defaults.emergency.clone() } else { emergency },
            clinic,
        }
    }
}

/// The numbers on the urgent cards now.
pub async fn contacts(state: &AppState) -> Result<Contacts, AppError> {
    Ok(ClinicSettings::load(&state.store).await?.contacts(&state.config.contacts))
}

/// After how many days without a session the clinician panel shows a patient as not logging.
pub async fn panel_inactive_days(state: &AppState) -> Result<u32, AppError> {
    Ok(ClinicSettings::load(&state.store).await?.inactive_days.unwrap_or(DEFAULT_INACTIVE_DAYS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_override_the_start_up_options_and_clearing_brings_them_back() {
        let flags = Contacts::new(&["000".to_owned()], Some("Riverside"), Some("03 9000 0000")).unwrap();
        let none = ClinicSettings::default().contacts(&flags);
        assert_eq!(none, flags);
        let s = ClinicSettings::parse("Hillside", "", "112, 999", "7", &flags).unwrap();
        let c = s.contacts(&flags);
        assert_eq!(c.clinic.as_ref().unwrap().name, "Hillside");
        assert_eq!(c.clinic.as_ref().unwrap().phone.tel, "0390000000", "the flag's number stays");
        assert_eq!(c.emergency.iter().map(|p| p.tel.as_str()).collect::<Vec<_>>(), ["112", "999"]);
        assert_eq!(s.inactive_days, Some(7));
    }

    #[test]
    fn bad_settings_name_their_field() {
        let d = Contacts::default();
        let fields = |e: AppError| match e {
            AppError::Invalid(p) => p.into_iter().map(|p| p.field).collect::<Vec<_>>(),
            _ => vec![],
        };
        assert_eq!(fields(ClinicSettings::parse("A", "", "", "", &d).unwrap_err()), ["clinic_phone"]);
        assert_eq!(fields(ClinicSettings::parse("", "call us", "", "", &d).unwrap_err()), ["clinic_phone"]);
        assert_eq!(fields(ClinicSettings::parse("", "", "99x", "", &d).unwrap_err()), ["emergency_numbers"]);
        for days in ["0", "91", "three", "-1"] {
            assert_eq!(fields(ClinicSettings::parse("", "", "", days, &d).unwrap_err()), ["inactive_days"]);
        }
        assert_eq!(ClinicSettings::parse(" ", "", "", "", &d).unwrap(), ClinicSettings::default());
    }
}
