//! Who a person in need of urgent care can call: the emergency number(s) and, when the
//! deployment sets it, the clinic. Shown as `tel:` links on the urgent cards.

use std::fmt;

/// The emergency numbers shown when the deployment sets none: the common ones, written out.
pub const DEFAULT_EMERGENCY: &[&str] = &["999", "911", "112"];

/// How the shipped texts name the emergency number when the deployment has not set one. Where a
/// deployment sets its own numbers, the pages put those in its place ([`Contacts::words`]).
pub const COMMON_NUMBERS_PHRASE: &str = "your local emergency number, for example 999, 911 or 112";

/// A telephone number as written, and the form a `tel:` link needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// As the deployment wrote it, e.g. `+44 20 7946 0000`.
    pub shown: String,
    /// Digits with an optional leading `+`, e.g. `+442079460000`.
    pub tel: String,
}

/// A number that is not a telephone number, with the option it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadPhone {
    /// The option or variable, e.g. `--clinic-phone`.
    pub field: String,
    /// What was wrong and what is allowed.
    pub problem: String,
}

impl fmt::Display for BadPhone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

impl std::error::Error for BadPhone {}

impl Phone {
    /// Parses a number: digits, spaces, `-`, `.`, `(`, `)`, and `+` only at the start; 2 to 20
    /// digits.
    pub fn parse(field: &str, text: &str) -> Result<Phone, BadPhone> {
        let bad = |problem: String| BadPhone { field: field.to_owned(), problem };
        let shown = text.trim();
        let mut tel = String::new();
        for (i, ch) in shown.chars().enumerate() {
            match ch {
                '0'..='9' => tel.push(ch),
                '+' if i == 0 => tel.push(ch),
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => {
                    return Err(bad(format!(
                        "\"{shown}\" is not a telephone number: `{ch}` is not allowed; use digits, spaces, - . ( ) and a leading +"
                    )));
                }
            }
        }
        let digits = tel.trim_start_matches('+').len();
        if !(2..=20).contains(&digits) {
            return Err(bad(format!("\"{shown}\" is not a telephone number: it needs 2 to 20 digits")));
        }
        Ok(Phone { shown: shown.to_owned(), tel })
    }
}

/// The clinic people may call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clinic {
    /// Its name, e.g. `Riverside Physiotherapy`.
    pub name: String,
    /// Its number.
    pub phone: Phone,
}

/// The numbers on the urgent cards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contacts {
    /// Emergency numbers, the first one shown largest.
    pub emergency: Vec<Phone>,
    /// The clinic, when set.
    pub clinic: Option<Clinic>,
}

impl Default for Contacts {
    fn default() -> Contacts {
        Contacts {
            emergency: DEFAULT_EMERGENCY
                .iter()
                .map(|n| Phone { shown: (*n).to_owned(), tel: (*n).to_owned() })
                .collect(),
            clinic: None,
        }
    }
}

impl Contacts {
    /// Checks the configured numbers; no emergency number means the default ones. A clinic name
    /// needs a clinic phone; a phone without a name is shown as "your clinic".
    pub fn new(
        emergency: &[String],
        clinic_name: Option<&str>,
        clinic_phone: Option<&str>,
    ) -> Result<Contacts, BadPhone> {
        let emergency: Vec<Phone> = emergency
            .iter()
            .filter(|n| !n.trim().is_empty())
            .map(|n| Phone::parse("--emergency-number", n))
            .collect::<Result<_, _>>()?;
        let name = clinic_name.map(str::trim).filter(|n| !n.is_empty());
        let phone = clinic_phone.map(str::trim).filter(|p| !p.is_empty());
        let clinic = match (name, phone) {
            (_, Some(p)) => Some(Clinic {
                name: name.unwrap_or("your clinic").chars().take(100).collect(),
                phone: Phone::parse("--clinic-phone", p)?,
            }),
            (Some(_), None) => {
                return Err(BadPhone {
                    field: "--clinic-phone".to_owned(),
                    problem: "is needed when --clinic-name is set (the card links to the clinic's number)"
                        .to_owned(),
                });
            }
            (None, None) => None,
        };
        let mut contacts = Contacts { clinic, ..Contacts::default() };
        if !emergency.is_empty() {
            contacts.emergency = emergency;
        }
        Ok(contacts)
    }

    /// `text` with the common numbers ("your local emergency number, for example 999, 911 or
    /// 112") replaced by the ones the deployment set ("112", "112 or 999"): a person in a hurry
    /// reads the number to call, not a list of other countries' numbers. Unchanged when the
    /// numbers are the default ones.
    pub fn words(&self, text: &str) -> String {
        let default = self.emergency.iter().map(|p| p.tel.as_str()).eq(DEFAULT_EMERGENCY.iter().copied());
        if default || self.emergency.is_empty() || !text.contains(COMMON_NUMBERS_PHRASE) {
            return text.to_owned();
        }
        let shown: Vec<&str> = self.emergency.iter().map(|p| p.shown.as_str()).collect();
        let numbers = match shown.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => shown.concat(),
        };
        text.replace(COMMON_NUMBERS_PHRASE, &numbers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_digits_and_a_leading_plus() {
        let p = Phone::parse("--clinic-phone", " +44 (0)20 7946-0000 ").unwrap();
        assert_eq!(p.shown, "+44 (0)20 7946-0000");
        assert_eq!(p.tel, "+4402079460000");
        assert_eq!(Phone::parse("x", "112").unwrap().tel, "112");
    }

    #[test]
    fn bad_numbers_name_the_field() {
        let e = Phone::parse("--clinic-phone", "call us").unwrap_err();
        assert_eq!(e.field, "--clinic-phone");
        assert!(e.problem.contains("not allowed"), "{e}");
        assert!(Phone::parse("--emergency-number", "1").unwrap_err().problem.contains("2 to 20 digits"));
        assert!(Phone::parse("x", "1+2").is_err(), "a + only at the start");
        let e = Contacts::new(&[], Some("Riverside"), None).unwrap_err();
        assert_eq!(e.field, "--clinic-phone");
        let e = Contacts::new(&["99a".to_owned()], None, None).unwrap_err();
        assert_eq!(e.field, "--emergency-number");
    }

    #[test]
    fn the_advice_names_the_numbers_the_deployment_set() {
        let advice = "Call your local emergency number, for example 999, 911 or 112, or go to the emergency department now.";
        assert_eq!(Contacts::default().words(advice), advice, "the default numbers: the text as written");
        let one = Contacts::new(&["112".to_owned()], None, None).unwrap();
        assert_eq!(one.words(advice), "Call 112, or go to the emergency department now.");
        let three =
            Contacts::new(&["000".to_owned(), "112".to_owned(), "106".to_owned()], None, None).unwrap();
        assert_eq!(three.words(advice), "Call 000, 112 or 106, or go to the emergency department now.");
        assert_eq!(one.words("Rest and see your clinician."), "Rest and see your clinician.");
    }

    #[test]
    fn the_default_writes_out_the_common_numbers() {
        let c = Contacts::new(&[], None, None).unwrap();
        assert_eq!(c.emergency.iter().map(|p| p.tel.as_str()).collect::<Vec<_>>(), ["999", "911", "112"]);
        assert_eq!(c.clinic, None);
        let c = Contacts::new(&["000".to_owned()], None, Some("03 9000 0000")).unwrap();
        assert_eq!(c.emergency.len(), 1);
        assert_eq!(c.clinic.unwrap().name, "your clinic");
    }
}
