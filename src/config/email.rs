//! `[email]`: the SMTP relay `papila send email` hands messages to. The password is never here.

use std::path::Path;

use super::problems::{Problems, looked_for};
use super::raw::RawEmail;
use super::{Email, Security};

pub(super) fn email(e: &RawEmail, dir: &Path, p: &mut Problems) -> Email {
    use lettre::message::Mailbox;
    let mut mailbox = |key: &str, value: &str| -> Option<Mailbox> {
        match value.parse::<Mailbox>() {
            Ok(m) => Some(m),
            Err(_) => {
                p.at(key, t!("config-mailbox", value = value));
                None
            }
        }
    };
    let from = mailbox("email.from", &e.from);
    let reply_to = e
        .reply_to
        .as_deref()
        .and_then(|r| mailbox("email.reply_to", r));
    let security = match e.security.as_deref().unwrap_or("starttls") {
        "starttls" => Security::StartTls,
        "tls" => Security::Tls,
        "none" => Security::None,
        other => {
            p.at("email.security", t!("config-security", value = other));
            Security::StartTls
        }
    };
    if e.password.is_some() {
        p.at("email.password", t!("config-password"));
    }
    if e.smtp_host.trim().is_empty() {
        p.at("email.smtp_host", t!("config-smtp-host"));
    }
    if e.per_minute == Some(0) {
        p.at("email.per_minute", t!("config-per-minute"));
    }
    if e.max_attempts == Some(0) {
        p.at("email.max_attempts", t!("config-max-attempts"));
    }
    if e.timeout == Some(0) {
        p.at("email.timeout", t!("config-timeout"));
    }
    let ca_file = e.ca_file.as_ref().map(|f| {
        let path = dir.join(f);
        if !path.is_file() {
            p.at(
                "email.ca_file",
                t!("config-ca-file", file = f, looked = looked_for(f, &path)),
            );
        }
        path
    });
    let contacts = e.contacts.as_ref().map(|f| {
        let path = dir.join(f);
        if !path.is_file() {
            p.at(
                "email.contacts",
                t!("config-contacts", file = f, looked = looked_for(f, &path)),
            );
        }
        path
    });
    if let Some(mb) = e.attachment_limit_mb
        && !(0.05..=100.0).contains(&mb)
    {
        p.at(
            "email.attachment_limit_mb",
            t!("config-attachment-limit", mb = mb.to_string()),
        );
    }
    Email {
        // A placeholder only when `p` holds the problem: the config is refused as a whole.
        from: from.unwrap_or_else(|| Mailbox::new(None, "invalid@invalid".parse().expect("valid"))),
        reply_to,
        smtp_host: e.smtp_host.trim().to_string(),
        smtp_port: e.smtp_port.unwrap_or(match security {
            Security::StartTls => 587,
            Security::Tls => 465,
            Security::None => 25,
        }),
        security,
        username: e.username.clone().filter(|u| !u.is_empty()),
        password_env: e
            .password_env
            .clone()
            .unwrap_or_else(|| "PAPILA_SMTP_PASSWORD".into()),
        per_minute: e.per_minute.unwrap_or(60),
        timeout: std::time::Duration::from_secs(e.timeout.unwrap_or(60)),
        retry_after: std::time::Duration::from_secs(e.retry_after.unwrap_or(60)),
        max_attempts: e.max_attempts.unwrap_or(5),
        ca_file,
        contacts,
        attachment_limit: (e.attachment_limit_mb.unwrap_or(15.0).clamp(0.05, 100.0)
            * f64::from(1u32 << 20)) as u64,
    }
}
