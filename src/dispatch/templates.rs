//! Handlebars templates for message text (`templates/*.hbs`): the campaign's file or papila's
//! default, in strict mode so a misspelt field is an error naming the template and the field, not
//! a blank in ten thousand messages.

use std::path::Path;

use handlebars::{Handlebars, RenderErrorReason};

use crate::error::{Error, Result};

/// The message templates a campaign may replace, with papila's defaults.
pub const DEFAULTS: [(&str, &str); 1] =
    [("sms.hbs", include_str!("../../assets/templates/sms.hbs"))];

/// Loaded templates, ready to render.
pub struct Templates {
    registry: Handlebars<'static>,
    /// Each template's name as the user knows it: its path, or papila's built-in one.
    shown: Vec<(&'static str, String)>,
}

impl Templates {
    /// Loads every default, replaced by the campaign's `templates/<name>` where it exists.
    /// `escape` says whether output is HTML (escaped) or plain text (as written).
    pub fn load(templates_dir: &Path) -> Result<Templates> {
        let mut registry = Handlebars::new();
        let mut shown_names = Vec::new();
        registry.set_strict_mode(true);
        // Text messages are plain text: a name with `&` or `<` is sent as written.
        registry.register_escape_fn(handlebars::no_escape);
        for (name, default) in DEFAULTS {
            let path = templates_dir.join(name);
            let (text, shown) = if path.is_file() {
                let text =
                    std::fs::read_to_string(&path).map_err(|e| Error::io("read", &path, e))?;
                (text, path.display().to_string())
            } else {
                (
                    default.to_string(),
                    format!("papila's built-in templates/{name}"),
                )
            };
            registry
                .register_template_string(name, text.trim_end_matches(['\n', '\r']))
                .map_err(|e| {
                    let location = match e.pos() {
                        Some((line, column)) => format!("{shown}:{line}:{column}"),
                        None => shown.clone(),
                    };
                    Error::Template {
                        location,
                        message: e.reason().to_string(),
                        hints: vec![],
                    }
                })?;
            shown_names.push((name, shown));
        }
        let templates = Templates {
            registry,
            shown: shown_names,
        };
        // Strict mode only finds a misspelt field when it renders; try each template on an example
        // now, so the mistake shows before any message is made (and even if nobody has a phone).
        for (name, _) in DEFAULTS {
            templates.render(name, &crate::dispatch::sms::Message::example())?;
        }
        Ok(templates)
    }

    /// Renders template `name` over `data`. A field the data lacks names the field.
    pub fn render(&self, name: &str, data: &impl serde::Serialize) -> Result<String> {
        self.registry.render(name, data).map_err(|e| {
            let shown = self
                .shown
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, s)| s.clone())
                .unwrap_or_else(|| format!("templates/{name}"));
            let location = match (e.line_no, e.column_no) {
                (Some(line), Some(column)) => format!("{shown}:{line}:{column}"),
                _ => shown,
            };
            let message = match e.reason() {
                RenderErrorReason::MissingVariable(Some(field)) => {
                    format!("there is no field \"{field}\"")
                }
                other => other.to_string(),
            };
            Error::Template {
                location,
                message,
                hints: vec![format!(
                    "the fields a message can use are: {}",
                    crate::dispatch::sms::FIELDS.join(", ")
                )],
            }
        })
    }
}
