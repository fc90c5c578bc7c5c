//! Handlebars templates for message text (`templates/*.hbs`): the campaign's file or papila's
//! default, in strict mode so a misspelt field is an error naming the template and the field, not
//! a blank in ten thousand messages. HTML templates escape what they insert; text ones never do.

use std::path::Path;

use chrono::{NaiveDate, NaiveTime};
use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason,
};

use crate::dispatch::message::{FIELDS, Message};
use crate::error::{Error, Result};
use crate::text;

pub(crate) const SMS: &str = "sms.hbs";
pub(crate) const EMAIL: &str = "email.hbs";
pub(crate) const EMAIL_HTML: &str = "email.html.hbs";

/// The message templates a campaign may replace, with papila's defaults.
pub(crate) const DEFAULTS: [(&str, &str); 3] = [
    (SMS, include_str!("../../assets/templates/sms.hbs")),
    (EMAIL, include_str!("../../assets/templates/email.hbs")),
    (
        EMAIL_HTML,
        include_str!("../../assets/templates/email.html.hbs"),
    ),
];

/// The helpers every template may call, for dates and times the Indonesian way.
pub(crate) const HELPERS: [&str; 3] = [
    "tanggal (2024-08-19 → 19 Agustus 2024)",
    "hari (2024-08-19 → Senin)",
    "jam (08:00 → 08.00)",
];

/// An email as its templates make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EmailText {
    pub(crate) subject: String,
    pub(crate) text: String,
    pub(crate) html: String,
}

/// Loaded templates, ready to render.
pub(crate) struct Templates {
    /// Plain text: a name with `&` or `<` is sent as written.
    text: Handlebars<'static>,
    /// HTML: everything inserted with `{{…}}` is escaped.
    html: Handlebars<'static>,
    /// Each template's name as the user knows it: its path, or papila's built-in one.
    shown: Vec<(&'static str, String)>,
}

impl Templates {
    /// Loads the templates `names` (from `DEFAULTS`), each replaced by the campaign's
    /// `templates/<name>` where it exists, and tries each on an example message.
    pub(crate) fn load(templates_dir: &Path, names: &[&'static str]) -> Result<Templates> {
        let mut templates = Templates {
            text: registry(false),
            html: registry(true),
            shown: Vec::new(),
        };
        for &name in names {
            let default = DEFAULTS
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| *text)
                .expect("a template papila knows");
            let path = templates_dir.join(name);
            let (source, shown) = if path.is_file() {
                let source =
                    std::fs::read_to_string(&path).map_err(|e| Error::io("read", &path, e))?;
                (source, path.display().to_string())
            } else {
                (default.to_string(), t!("template-built-in", name = name))
            };
            let registry = if is_html(name) {
                &mut templates.html
            } else {
                &mut templates.text
            };
            registry
                .register_template_string(name, source.trim_end_matches(['\n', '\r']))
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
            templates.shown.push((name, shown));
        }
        // Strict mode only finds a misspelt field when it renders; try each template on an example
        // now, so the mistake shows before any message is made (and even if nobody has a phone).
        let example = Message::example();
        for &name in names {
            templates.render(name, &example)?;
        }
        if names.contains(&EMAIL) {
            templates.email(&example)?;
        }
        Ok(templates)
    }

    /// Renders template `name` over `data`. A field the data lacks names the field.
    pub(crate) fn render(&self, name: &str, data: &impl serde::Serialize) -> Result<String> {
        let registry = if is_html(name) {
            &self.html
        } else {
            &self.text
        };
        registry.render(name, data).map_err(|e| {
            let shown = self.shown(name);
            let location = match (e.line_no, e.column_no) {
                (Some(line), Some(column)) => format!("{shown}:{line}:{column}"),
                _ => shown,
            };
            let message = match e.reason() {
                RenderErrorReason::MissingVariable(Some(field)) => {
                    t!("template-no-field", field = field)
                }
                other => other.to_string(),
            };
            Error::Template {
                location,
                message,
                hints: vec![
                    t!("template-fields", fields = FIELDS.join(", ")),
                    t!("template-helpers", helpers = HELPERS.join(", ")),
                ],
            }
        })
    }

    /// Subject, text and HTML of one email: `email.hbs` starts with a `Subject:` line and a blank
    /// line, then the text; `email.html.hbs` is the HTML.
    pub(crate) fn email(&self, message: &Message) -> Result<EmailText> {
        let rendered = self.render(EMAIL, message)?;
        let (subject, text) = split_subject(&rendered).map_err(|problem| Error::Template {
            location: format!("{}:1", self.shown(EMAIL)),
            message: problem,
            hints: vec![t!("template-subject-hint")],
        })?;
        Ok(EmailText {
            subject,
            text,
            html: self.render(EMAIL_HTML, message)?,
        })
    }

    fn shown(&self, name: &str) -> String {
        self.shown
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| s.clone())
            .unwrap_or_else(|| format!("templates/{name}"))
    }
}

fn is_html(name: &str) -> bool {
    name.ends_with(".html.hbs")
}

fn registry(html: bool) -> Handlebars<'static> {
    let mut registry = Handlebars::new();
    registry.set_strict_mode(true);
    if !html {
        registry.register_escape_fn(handlebars::no_escape);
    }
    registry.register_helper("tanggal", Box::new(tanggal));
    registry.register_helper("hari", Box::new(hari));
    registry.register_helper("jam", Box::new(jam));
    registry
}

/// `Subject: …`, a blank line, the text.
fn split_subject(rendered: &str) -> std::result::Result<(String, String), String> {
    let (first, rest) = rendered.split_once('\n').unwrap_or((rendered, ""));
    let subject = first
        .trim_end_matches('\r')
        .strip_prefix("Subject:")
        .ok_or_else(|| t!("template-subject-first"))?
        .trim();
    if subject.is_empty() {
        return Err(t!("template-subject-empty"));
    }
    let text = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'));
    let text = text.ok_or_else(|| t!("template-subject-blank"))?;
    Ok((subject.to_string(), text.to_string()))
}

/// The one parameter of a helper, as text.
fn param<'a>(h: &'a Helper, helper: &str) -> std::result::Result<&'a str, RenderError> {
    h.param(0).and_then(|p| p.value().as_str()).ok_or_else(|| {
        RenderErrorReason::Other(t!("template-helper-param", helper = helper)).into()
    })
}

fn iso_date(h: &Helper, helper: &str) -> std::result::Result<NaiveDate, RenderError> {
    let value = param(h, helper)?;
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
        RenderErrorReason::Other(t!("template-helper-date", helper = helper, value = value)).into()
    })
}

/// `{{tanggal date_iso}}` → "19 Agustus 2024".
fn tanggal(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    out.write(&text::date(iso_date(h, "tanggal")?))?;
    Ok(())
}

/// `{{hari date_iso}}` → "Senin".
fn hari(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    out.write(text::day_name(iso_date(h, "hari")?))?;
    Ok(())
}

/// `{{jam "08:00"}}` → "08.00"; a time already written "08.00" stays as it is.
fn jam(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let value = param(h, "jam")?;
    let time = NaiveTime::parse_from_str(value, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(value, "%H.%M"))
        .map_err(|_| {
            RenderError::from(RenderErrorReason::Other(t!(
                "template-helper-time",
                value = value
            )))
        })?;
    out.write(&text::time(time))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(name: &'static str, source: &str) -> Result<Templates> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), source).unwrap();
        Templates::load(dir.path(), &[name])
    }

    #[test]
    fn helpers_write_indonesian_dates() {
        let t = with(
            SMS,
            "{{hari date_iso}}, {{tanggal date_iso}} {{jam \"13:05\"}} · {{tanggal election_date_iso}}",
        )
        .unwrap();
        assert_eq!(
            t.render(SMS, &Message::example()).unwrap(),
            "Senin, 19 Agustus 2024 13.05 · 27 November 2024"
        );
    }

    #[test]
    fn a_helper_on_the_wrong_field_is_an_error_naming_it() {
        let Err(Error::Template { message, .. }) = with(SMS, "{{tanggal name}}") else {
            panic!("a name is not a date");
        };
        assert!(message.contains("`tanggal` formats a date"), "{message}");
    }

    #[test]
    fn html_is_escaped_and_text_is_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(EMAIL), "Subject: {{name}}\n\nYth. {{name}}").unwrap();
        std::fs::write(dir.path().join(EMAIL_HTML), "<p>Yth. {{name}}</p>").unwrap();
        let t = Templates::load(dir.path(), &[EMAIL, EMAIL_HTML]).unwrap();
        let mut m = Message::example();
        m.name = "Siti <b>&</b> \"Aminah\"".into();
        let email = t.email(&m).unwrap();
        assert_eq!(email.subject, "Siti <b>&</b> \"Aminah\"");
        assert_eq!(email.text, "Yth. Siti <b>&</b> \"Aminah\"");
        assert_eq!(
            email.html,
            "<p>Yth. Siti &lt;b&gt;&amp;&lt;/b&gt; &quot;Aminah&quot;</p>"
        );
    }

    #[test]
    fn the_subject_line_is_required() {
        assert_eq!(
            split_subject("Subject: Undangan\n\nIsi"),
            Ok(("Undangan".into(), "Isi".into()))
        );
        assert_eq!(
            split_subject("Subject: Undangan\r\n\r\nIsi\r\n"),
            Ok(("Undangan".into(), "Isi\r\n".into()))
        );
        assert!(split_subject("Undangan\n\nIsi").is_err());
        assert!(split_subject("Subject: \n\nIsi").is_err());
        assert!(split_subject("Subject: Undangan\nIsi").is_err());
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(EMAIL), "Yth. {{name}}").unwrap();
        let Err(Error::Template { location, .. }) =
            Templates::load(dir.path(), &[EMAIL, EMAIL_HTML])
        else {
            panic!("no subject line");
        };
        assert!(location.ends_with("email.hbs:1"), "{location}");
    }

    #[test]
    fn the_defaults_render_in_indonesian() {
        let t = Templates::load(Path::new("/nonexistent"), &[SMS, EMAIL, EMAIL_HTML]).unwrap();
        let email = t.email(&Message::example()).unwrap();
        assert!(email.subject.contains("SITI AMINAH"), "{}", email.subject);
        assert!(
            email.text.contains("Senin, 19 Agustus 2024"),
            "{}",
            email.text
        );
        assert!(email.html.contains("PT83K9SD"), "{}", email.html);
        let sms = t.render(SMS, &Message::example()).unwrap();
        assert_eq!(
            crate::dispatch::sms::segments(&sms).parts,
            1,
            "the default SMS fits one part: {sms}"
        );
    }
}
