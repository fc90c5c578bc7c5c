//! The contacts file of `papila send offices` (`[email] contacts`): the email address and WhatsApp
//! number of each village office (by village code) and recording office (by `[[office]]` id).

use std::collections::HashMap;
use std::path::Path;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::ledger::offices::Recipient;
use crate::output;
use crate::region::VillageCode;
use crate::text;

/// The most bytes a contacts file may hold (a few hundred lines).
const CONTACTS_MAX: u64 = 4 << 20;

/// An office's addresses, from the contacts file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Contact {
    pub(crate) email: Option<String>,
    pub(crate) whatsapp: Option<String>,
}

/// The contacts file: village code or office id → addresses.
pub(crate) struct Contacts {
    by_code: HashMap<String, Contact>,
}

impl Contacts {
    /// Reads `path` (`code,email,whatsapp`; a `name` column is allowed and ignored). Every
    /// problem is reported with its line and field, all at once.
    pub(crate) fn load(path: &Path, config: &Config) -> Result<Contacts> {
        let text =
            output::read_bounded(path, CONTACTS_MAX).map_err(|e| Error::io("read", path, e))?;
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| {
                contacts_error(
                    path,
                    t!("contacts-header-unreadable", problem = e.to_string()),
                )
            })?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        let column = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
        let (Some(code_at), Some(email_at)) =
            (column(&["code", "kode"]), column(&["email", "e-mail"]))
        else {
            return Err(contacts_error(
                path,
                t!(
                    "contacts-header",
                    header = text::cut(&headers.join(","), 80).into_owned()
                ),
            ));
        };
        let whatsapp_at = column(&["whatsapp", "wa"]);
        let mut by_code = HashMap::new();
        let mut problems = Vec::new();
        for (n, record) in reader.records().enumerate() {
            let line = n + 2;
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    problems.push(t!("contacts-line", line = line, problem = e.to_string()));
                    continue;
                }
            };
            let field = |i: usize| record.get(i).unwrap_or("").trim().to_string();
            let code = field(code_at);
            if code.is_empty() {
                continue;
            }
            if !known_code(&code, config) {
                problems.push(t!(
                    "contacts-code",
                    line = line,
                    code = text::cut(&code, 40).into_owned()
                ));
                continue;
            }
            let email = Some(field(email_at)).filter(|e| !e.is_empty());
            if let Some(e) = &email
                && e.parse::<lettre::Address>().is_err()
            {
                problems.push(t!(
                    "contacts-email",
                    line = line,
                    email = text::cut(e, 60).into_owned()
                ));
            }
            let whatsapp = whatsapp_at.map(field).filter(|w| !w.is_empty());
            if by_code
                .insert(code.clone(), Contact { email, whatsapp })
                .is_some()
            {
                problems.push(t!("contacts-twice", line = line, code = &code));
            }
        }
        if !problems.is_empty() {
            return Err(contacts_error(path, problems.join("; ")));
        }
        Ok(Contacts { by_code })
    }

    pub(crate) fn get(&self, recipient: &Recipient) -> Option<&Contact> {
        self.by_code.get(&recipient.code())
    }
}

fn known_code(code: &str, config: &Config) -> bool {
    config.offices.iter().any(|o| o.id == code)
        || config.schools.iter().any(|s| s.npsn == code)
        || VillageCode::parse(code)
            .is_some_and(|c| config.offices.iter().any(|o| o.villages.contains(&c)))
}

fn contacts_error(path: &Path, message: String) -> Error {
    Error::Input {
        path: path.display().to_string(),
        message,
        hint: t!("contacts-hint"),
    }
}
