//! Mistakes in `papila.toml`, collected with the line and dotted key of each, so a staffer can go
//! straight to it; and the checks every section shares (dates, paths).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{ConfigProblem, Error};

pub(super) struct Problems {
    pub(super) list: Vec<ConfigProblem>,
    file: PathBuf,
    text: String,
    doc: Option<toml_edit::Document<String>>,
}

impl Problems {
    pub(super) fn new(file: &Path, text: &str) -> Problems {
        Problems {
            file: file.to_path_buf(),
            text: text.to_string(),
            doc: toml_edit::Document::parse(text.to_string()).ok(),
            list: Vec::new(),
        }
    }

    pub(super) fn at(&mut self, key: impl Into<String>, message: impl Into<String>) {
        let key = key.into();
        let line = self.locate(&key);
        let message: String = message.into();
        self.list.push(ConfigProblem {
            line,
            key,
            message: crate::text::cut_quotes(&message).into_owned(),
        });
    }

    pub(super) fn line_of(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1
    }

    /// The line of a dotted key path such as `office[1].sessions[0].end`, or of its nearest ancestor
    /// that exists in the file.
    pub(super) fn locate(&self, key: &str) -> Option<usize> {
        let doc = self.doc.as_ref()?;
        let mut node = Node::Table(doc.as_table());
        let mut best = None;
        for seg in key.split('.').filter(|s| !s.is_empty()) {
            let (name, index) = match seg.split_once('[') {
                Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
                None => (seg, None),
            };
            node = match node.child(name) {
                Some(n) => n,
                None => break,
            };
            if let Some(span) = node.span() {
                best = Some(span.start);
            }
            if let Some(i) = index {
                node = match node.index(i) {
                    Some(n) => n,
                    None => break,
                };
                if let Some(span) = node.span() {
                    best = Some(span.start);
                }
            }
        }
        best.map(|o| self.line_of(o))
    }

    /// The problems as staff read them: list items counted from 1, as a person counts the
    /// `[[office]]` blocks of the file (`office[1]` is the first).
    pub(super) fn into_error(self) -> Error {
        Error::Config {
            file: self.file,
            problems: self
                .list
                .into_iter()
                .map(|p| ConfigProblem {
                    key: counted_from_one(&p.key),
                    ..p
                })
                .collect(),
        }
    }
}

/// `office[0].sessions[1].end` → `office[1].sessions[2].end`.
fn counted_from_one(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut rest = key;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let close = rest.find(']').unwrap_or(rest.len());
        match rest[..close].parse::<usize>() {
            Ok(n) => out.push_str(&(n + 1).to_string()),
            Err(_) => out.push_str(&rest[..close]),
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

enum Node<'a> {
    Table(&'a toml_edit::Table),
    Item(&'a toml_edit::Item),
    Value(&'a toml_edit::Value),
}

impl<'a> Node<'a> {
    fn child(&self, name: &str) -> Option<Node<'a>> {
        match self {
            Node::Table(t) => t.get(name).map(Node::Item),
            Node::Item(toml_edit::Item::Table(t)) => t.get(name).map(Node::Item),
            Node::Item(toml_edit::Item::Value(toml_edit::Value::InlineTable(t)))
            | Node::Value(toml_edit::Value::InlineTable(t)) => t.get(name).map(Node::Value),
            _ => None,
        }
    }

    fn index(&self, i: usize) -> Option<Node<'a>> {
        match self {
            Node::Item(toml_edit::Item::ArrayOfTables(a)) => a.get(i).map(Node::Table),
            Node::Item(toml_edit::Item::Value(toml_edit::Value::Array(a)))
            | Node::Value(toml_edit::Value::Array(a)) => a.get(i).map(Node::Value),
            _ => None,
        }
    }

    fn span(&self) -> Option<std::ops::Range<usize>> {
        match self {
            Node::Table(t) => t.span(),
            Node::Item(i) => i.span(),
            Node::Value(v) => v.span(),
        }
    }
}

/// ` (looked for PATH)` when the path papila tried differs from what the user wrote.
pub(super) fn looked_for(written: &str, resolved: &Path) -> String {
    if Path::new(written) == resolved {
        String::new()
    } else {
        t!("config-looked-for", path = resolved)
    }
}

pub(super) fn date_value(v: &toml::Value, key: &str, p: &mut Problems) -> Option<NaiveDate> {
    let parsed = match v {
        toml::Value::Datetime(dt) => match (dt.date, dt.time) {
            (Some(d), None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }
            _ => None,
        },
        toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
        _ => None,
    };
    if parsed.is_none() {
        p.at(key, t!("config-date", value = v.to_string()));
    }
    parsed
}

#[cfg(test)]
mod tests {
    #[test]
    fn list_items_are_counted_from_one() {
        assert_eq!(
            super::counted_from_one("office[0].sessions[1].end"),
            "office[1].sessions[2].end"
        );
        assert_eq!(super::counted_from_one("campaign.start"), "campaign.start");
        assert_eq!(super::counted_from_one("input.files[9]"), "input.files[10]");
    }
}
