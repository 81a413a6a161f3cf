//! Rule conditions: boolean expressions over the answer keys, as written in REFERENCE §4.3.
//!
//! Grammar (`AND` binds tighter than `OR`; `NOT` tighter than both):
//!
//! ```text
//! or    := and ("OR" and)*
//! and   := not ("AND" not)*
//! not   := "NOT" not | atom
//! atom  := "(" or ")" | NAME [("==" | "!=" | ">=" | "<=" | ">" | "<") literal | "in" "{" STRING ("," STRING)* "}"]
//! literal := INTEGER | STRING | "[]"
//! ```
//!
//! A bare NAME is a yes/no key or a helper term. Expressions are type-checked against the
//! answer keys when content is loaded, so a rule that could never be evaluated is rejected then.

use crate::triage::answers::{Answers, KeyType, Value, key_type};

/// A compiled, type-checked condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A yes/no key.
    Flag(&'static str),
    /// A helper term, by index in the helper list.
    Helper(usize),
    /// Negation.
    Not(Box<Expr>),
    /// All of.
    And(Vec<Expr>),
    /// Any of.
    Or(Vec<Expr>),
    /// An integer key compared with a number.
    IntCmp(&'static str, Cmp, i64),
    /// A choice key equals one of these values.
    ChoiceIn(&'static str, Vec<String>),
    /// A list key is empty.
    ListEmpty(&'static str),
}

/// A comparison operator on integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>=`
    Ge,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `<`
    Lt,
}

impl Cmp {
    fn holds(self, a: i64, b: i64) -> bool {
        match self {
            Cmp::Eq => a == b,
            Cmp::Ne => a != b,
            Cmp::Ge => a >= b,
            Cmp::Le => a <= b,
            Cmp::Gt => a > b,
            Cmp::Lt => a < b,
        }
    }
}

/// Answers as the rules see them: the answers plus the values derived from them.
pub struct Env<'a> {
    answers: &'a Answers,
    helpers: &'a [Expr],
    /// Recent spinal surgery implies a recent spinal procedure in `infection_risk`
    /// (REFERENCE §4.2, Q-SURG), so the person need not tick both.
    surgery_implies_procedure: bool,
}

impl<'a> Env<'a> {
    /// The environment for one set of answers.
    pub fn new(answers: &'a Answers, helpers: &'a [Expr]) -> Env<'a> {
        let surgery_implies_procedure =
            matches!(answers.get("recent_spinal_surgery"), Some(Value::Bool(true)));
        Env { answers, helpers, surgery_implies_procedure }
    }

    fn list_is_empty(&self, key: &str) -> bool {
        if key == "infection_risk" && self.surgery_implies_procedure {
            return false;
        }
        matches!(self.answers.get(key), Some(Value::List(items)) if items.is_empty())
    }
}

impl Expr {
    /// Evaluates the condition.
    pub fn eval(&self, env: &Env<'_>) -> bool {
        match self {
            Expr::Flag(key) => matches!(env.answers.get(key), Some(Value::Bool(true))),
            Expr::Helper(i) => env.helpers[*i].eval(env),
            Expr::Not(e) => !e.eval(env),
            Expr::And(es) => es.iter().all(|e| e.eval(env)),
            Expr::Or(es) => es.iter().any(|e| e.eval(env)),
            Expr::IntCmp(key, op, n) => {
                matches!(env.answers.get(key), Some(Value::Int(v)) if op.holds(*v, *n))
            }
            Expr::ChoiceIn(key, values) => {
                matches!(env.answers.get(key), Some(Value::Choice(v)) if values.contains(v))
            }
            Expr::ListEmpty(key) => env.list_is_empty(key),
        }
    }

    /// Every answer key the condition reads, helpers included.
    pub fn keys(&self, helpers: &[Expr], out: &mut Vec<&'static str>) {
        match self {
            Expr::Flag(k) | Expr::IntCmp(k, _, _) | Expr::ChoiceIn(k, _) | Expr::ListEmpty(k) => {
                out.push(k);
            }
            Expr::Helper(i) => helpers[*i].keys(helpers, out),
            Expr::Not(e) => e.keys(helpers, out),
            Expr::And(es) | Expr::Or(es) => es.iter().for_each(|e| e.keys(helpers, out)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Name(String),
    Str(String),
    Int(i64),
    Op(&'static str),
}

fn tokenize(src: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Tok::Name(chars[start..i].iter().collect()));
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            out.push(Tok::Int(text.parse().map_err(|_| format!("number `{text}` is too large"))?));
        } else if c == '"' {
            let start = i + 1;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += 1;
            }
            if i == chars.len() {
                return Err("a string is not closed with `\"`".to_owned());
            }
            out.push(Tok::Str(chars[start..i].iter().collect()));
            i += 1;
        } else {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let op = ["==", "!=", ">=", "<=", "[]"].into_iter().find(|o| *o == two);
            if let Some(op) = op {
                out.push(Tok::Op(op));
                i += 2;
            } else {
                let one = ["(", ")", "{", "}", ",", ">", "<"]
                    .into_iter()
                    .find(|o| o.starts_with(c))
                    .ok_or_else(|| format!("unexpected character `{c}`"))?;
                out.push(Tok::Op(one));
                i += 1;
            }
        }
    }
    Ok(out)
}

struct Parser<'h> {
    toks: Vec<Tok>,
    pos: usize,
    helpers: &'h [String],
}

/// Compiles a condition. `helpers` are the names of the helper terms defined before it.
pub fn compile(src: &str, helpers: &[String]) -> Result<Expr, String> {
    let toks = tokenize(src)?;
    let mut p = Parser { toks, pos: 0, helpers };
    let e = p.or()?;
    match p.toks.get(p.pos) {
        None => Ok(e),
        Some(t) => Err(format!("unexpected {} after a complete condition", show(t))),
    }
}

fn show(t: &Tok) -> String {
    match t {
        Tok::Name(n) => format!("`{n}`"),
        Tok::Str(s) => format!("\"{s}\""),
        Tok::Int(n) => format!("`{n}`"),
        Tok::Op(o) => format!("`{o}`"),
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Name(n)) if n == w)
    }

    fn expect_op(&mut self, op: &str) -> Result<(), String> {
        match self.next() {
            Some(Tok::Op(o)) if o == op => Ok(()),
            Some(t) => Err(format!("expected `{op}`, found {}", show(&t))),
            None => Err(format!("expected `{op}` but the condition ended")),
        }
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut parts = vec![self.and()?];
        while self.is_word("OR") {
            self.pos += 1;
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Expr::Or(parts) })
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut parts = vec![self.not()?];
        while self.is_word("AND") {
            self.pos += 1;
            parts.push(self.not()?);
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Expr::And(parts) })
    }

    fn not(&mut self) -> Result<Expr, String> {
        if self.is_word("NOT") {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.not()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, String> {
        match self.next() {
            Some(Tok::Op("(")) => {
                let e = self.or()?;
                self.expect_op(")")?;
                Ok(e)
            }
            Some(Tok::Name(name)) => self.after_name(&name),
            Some(t) => Err(format!("expected a key or `(`, found {}", show(&t))),
            None => Err("the condition ended too early".to_owned()),
        }
    }

    fn after_name(&mut self, name: &str) -> Result<Expr, String> {
        if let Some(i) = self.helpers.iter().position(|h| h == name) {
            return Ok(Expr::Helper(i));
        }
        let (key, ty) = crate::triage::answers::KEYS
            .iter()
            .find(|(k, _)| *k == name)
            .copied()
            .ok_or_else(|| format!("`{name}` is neither an answer key nor a helper defined above"))?;
        debug_assert_eq!(key_type(key), Some(ty));
        let op = match self.peek() {
            Some(Tok::Op(o @ ("==" | "!=" | ">=" | "<=" | ">" | "<"))) => Some(*o),
            Some(Tok::Name(n)) if n == "in" => Some("in"),
            _ => None,
        };
        let Some(op) = op else {
            return match ty {
                KeyType::Bool => Ok(Expr::Flag(key)),
                _ => Err(format!("`{key}` is not yes/no; compare it ({})", ty.allowed())),
            };
        };
        self.pos += 1;
        match (ty, op) {
            (KeyType::Int { .. }, _) if op != "in" => {
                let Some(Tok::Int(n)) = self.next() else {
                    return Err(format!("`{key}` is compared with a whole number"));
                };
                let cmp = match op {
                    "==" => Cmp::Eq,
                    "!=" => Cmp::Ne,
                    ">=" => Cmp::Ge,
                    "<=" => Cmp::Le,
                    ">" => Cmp::Gt,
                    _ => Cmp::Lt,
                };
                Ok(Expr::IntCmp(key, cmp, n))
            }
            (KeyType::Choice(allowed), "==" | "!=") => {
                let v = self.string_in(key, allowed)?;
                let e = Expr::ChoiceIn(key, vec![v]);
                Ok(if op == "!=" { Expr::Not(Box::new(e)) } else { e })
            }
            (KeyType::Choice(allowed), "in") => {
                self.expect_op("{")?;
                let mut values = vec![self.string_in(key, allowed)?];
                while matches!(self.peek(), Some(Tok::Op(","))) {
                    self.pos += 1;
                    values.push(self.string_in(key, allowed)?);
                }
                self.expect_op("}")?;
                Ok(Expr::ChoiceIn(key, values))
            }
            (KeyType::List(_), "==" | "!=") => {
                self.expect_op("[]")?;
                let e = Expr::ListEmpty(key);
                Ok(if op == "!=" { Expr::Not(Box::new(e)) } else { e })
            }
            _ => Err(format!("`{key}` cannot be used with `{op}` ({})", ty.allowed())),
        }
    }

    fn string_in(&mut self, key: &str, allowed: &[&str]) -> Result<String, String> {
        match self.next() {
            Some(Tok::Str(s)) if allowed.contains(&s.as_str()) => Ok(s),
            Some(Tok::Str(s)) => {
                Err(format!("\"{s}\" is not a value of `{key}`; allowed: {}", allowed.join(", ")))
            }
            _ => Err(format!("`{key}` is compared with a quoted value")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::triage::answers::tests::clear;

    fn eval(src: &str, patch: &[(&str, serde_json::Value)]) -> bool {
        let mut j = clear();
        for (k, v) in patch {
            j[*k] = v.clone();
        }
        let a = Answers::from_json(&j).unwrap();
        compile(src, &[]).unwrap().eval(&Env::new(&a, &[]))
    }

    #[test]
    fn evaluates_the_reference_forms() {
        assert!(eval("bladder", &[("bladder", true.into())]));
        assert!(!eval("bladder", &[]));
        assert!(eval("bilateral == \"new\"", &[("bilateral", "new".into())]));
        assert!(eval("weakness in {\"severe\", \"worsening\"}", &[("weakness", "worsening".into())]));
        assert!(eval(
            "trauma == \"minor\" AND (bone_risk != [] OR age >= 70)",
            &[("trauma", "minor".into()), ("age", 70.into())]
        ));
        assert!(!eval(
            "trauma == \"minor\" AND (bone_risk != [] OR age >= 70)",
            &[("trauma", "minor".into())]
        ));
        assert!(eval("age < 16", &[("age", 15.into())]));
        assert!(eval(
            "NOT cleared_to_exercise OR diagnosis == \"undiagnosed\"",
            &[("cleared_to_exercise", false.into())]
        ));
        assert!(eval("bilateral != \"none\"", &[("bilateral", "longstanding".into())]));
    }

    #[test]
    fn and_binds_tighter_than_or() {
        assert!(eval("bladder OR bowel AND saddle", &[("bladder", true.into())]));
        assert!(!eval("(bladder OR bowel) AND saddle", &[("bladder", true.into())]));
    }

    #[test]
    fn recent_surgery_counts_as_a_recent_procedure() {
        assert!(eval("infection_risk != []", &[("recent_spinal_surgery", true.into())]));
        assert!(!eval("infection_risk != []", &[]));
    }

    #[test]
    fn helpers_are_resolved_by_name() {
        let helpers = vec!["NEW_NEURO".to_owned()];
        let h = compile("bladder OR new_numbness", &[]).unwrap();
        let e = compile("fever AND NEW_NEURO", &helpers).unwrap();
        let mut j = clear();
        j["fever"] = true.into();
        j["new_numbness"] = true.into();
        let a = Answers::from_json(&j).unwrap();
        let hs = [h];
        assert!(e.eval(&Env::new(&a, &hs)));
    }

    #[test]
    fn rejects_conditions_that_cannot_be_evaluated() {
        for (src, needle) in [
            ("bladdr", "neither an answer key"),
            ("age", "not yes/no"),
            ("bilateral == \"both\"", "not a value of `bilateral`"),
            ("bone_risk == \"osteoporosis\"", "expected `[]`"),
            ("bladder AND", "ended too early"),
            ("(bladder", "expected `)`"),
            ("bladder bowel", "after a complete condition"),
            ("age >= \"old\"", "whole number"),
            ("fever $ unwell", "unexpected character"),
        ] {
            let err = compile(src, &[]).unwrap_err();
            assert!(err.contains(needle), "{src}: {err}");
        }
    }
}
