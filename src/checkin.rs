//! Check-in (spec §8): what one scanned line means — a QR token or an invitation id typed by hand —
//! given the campaign's key, what is known about invitations and earlier check-ins, and the day.
//! Pure: the ledger (at the district) or the scan log (offline at a village office) answers the
//! questions through `Known`.

use chrono::{NaiveDate, NaiveTime};
use ed25519_dalek::VerifyingKey;

use crate::error::Result;
use crate::ids;
use crate::token::{self, Verdict};

/// Spec §8's outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Valid,
    AlreadyCheckedIn,
    Forged,
    WrongCampaign,
    Cancelled,
    /// Genuine, but for another day: accepted, with a warning.
    NotToday,
    Malformed,
    /// Offline, an id typed by hand cannot be checked: it is logged, and checked when the district
    /// imports the log.
    Unverified,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Valid => "valid",
            Outcome::AlreadyCheckedIn => "already_checked_in",
            Outcome::Forged => "forged",
            Outcome::WrongCampaign => "wrong_campaign",
            Outcome::Cancelled => "cancelled",
            Outcome::NotToday => "not_today",
            Outcome::Malformed => "malformed",
            Outcome::Unverified => "unverified",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        [
            Outcome::Valid,
            Outcome::AlreadyCheckedIn,
            Outcome::Forged,
            Outcome::WrongCampaign,
            Outcome::Cancelled,
            Outcome::NotToday,
            Outcome::Malformed,
            Outcome::Unverified,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }

    /// Whether the person is checked in by this scan.
    pub fn records(self) -> bool {
        matches!(
            self,
            Outcome::Valid | Outcome::NotToday | Outcome::Unverified
        )
    }
}

/// An invitation as the ledger holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub planned: bool,
    pub office_id: String,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// What the caller knows besides the key.
pub trait Known {
    /// The invitation's standing, when a ledger is at hand; `None` offline or if unknown.
    fn invitation(&self, id: &str) -> Result<Option<Standing>>;
    /// Whether a ledger answers `invitation` (the district) or not (offline).
    fn has_ledger(&self) -> bool;
    /// When the person was first checked in, if they were.
    fn checked_in(&self, id: &str) -> Result<Option<String>>;
}

/// What one line was judged to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    pub outcome: Outcome,
    pub invitation_id: Option<String>,
    /// The appointment the letter (or the ledger, for a typed id) gives.
    pub appointment: Option<Standing>,
    /// The token as scanned, for a token.
    pub token: Option<String>,
    /// For staff: why, or what to watch out for.
    pub detail: String,
}

/// Judges one scanned or typed line. `campaign` is the campaign's id when known.
pub fn judge(
    line: &str,
    key: &VerifyingKey,
    campaign: Option<&str>,
    today: NaiveDate,
    known: &impl Known,
) -> Result<Judged> {
    let line = line.trim();
    if let Some(id) = ids::normalize_typed(line) {
        return typed(id, today, known);
    }
    // USB scanners type like a keyboard: with Caps Lock on, letters arrive in lower case.
    let token = line.to_ascii_uppercase();
    let claims = match token::verify(key, &token) {
        Verdict::Genuine(claims) => claims,
        Verdict::Forged(claims) => {
            return Ok(Judged {
                outcome: Outcome::Forged,
                invitation_id: Some(claims.invitation_id),
                appointment: None,
                token: Some(token),
                detail: "the signature does not match: this code was changed or not made by the \
                         district; check the person's KK by hand and report the letter"
                    .into(),
            });
        }
        Verdict::Malformed(reason) => {
            return Ok(Judged {
                outcome: Outcome::Malformed,
                invitation_id: None,
                appointment: None,
                token: None,
                detail: format!(
                    "not an invitation code ({reason}); scan again or type the 8-character id"
                ),
            });
        }
    };
    let mut judged = Judged {
        outcome: Outcome::Valid,
        invitation_id: Some(claims.invitation_id.clone()),
        appointment: Some(Standing {
            planned: true,
            office_id: claims.office_id.clone(),
            date: claims.date,
            start: claims.start,
            end: claims.end,
        }),
        token: Some(token),
        detail: String::new(),
    };
    if let Some(campaign) = campaign
        && claims.campaign != campaign
    {
        judged.outcome = Outcome::WrongCampaign;
        judged.detail = format!(
            "a genuine letter of campaign \"{}\", not of this one",
            claims.campaign
        );
        return Ok(judged);
    }
    if known.has_ledger() {
        match known.invitation(&claims.invitation_id)? {
            None => {
                judged.outcome = Outcome::Cancelled;
                judged.detail = "the ledger does not know this invitation".into();
                return Ok(judged);
            }
            Some(s) if !s.planned => {
                judged.outcome = Outcome::Cancelled;
                judged.detail = "this invitation was cancelled".into();
                return Ok(judged);
            }
            Some(s)
                if s.office_id != claims.office_id
                    || s.date != claims.date
                    || s.start != claims.start =>
            {
                // An old letter of a standing invitation (moved, or re-invited after a missed
                // day): the person is here, and that is what counts. Judged by the current
                // appointment.
                if known.checked_in(&claims.invitation_id)?.is_none() {
                    judged.outcome = Outcome::NotToday;
                    judged.detail = format!(
                        "an old letter: the appointment is now {} at {}; accepted",
                        crate::render::text::day_and_date(s.date),
                        s.office_id
                    );
                    judged.appointment = Some(s);
                    return Ok(judged);
                }
                judged.appointment = Some(s);
            }
            Some(_) => {}
        }
    }
    settle(judged, today, known)
}

/// An invitation id typed by hand: checked against the ledger, or logged unverified offline.
fn typed(id: String, today: NaiveDate, known: &impl Known) -> Result<Judged> {
    let mut judged = Judged {
        outcome: Outcome::Valid,
        invitation_id: Some(id.clone()),
        appointment: None,
        token: None,
        detail: String::new(),
    };
    if !known.has_ledger() {
        if let Some(first) = known.checked_in(&id)? {
            judged.outcome = Outcome::AlreadyCheckedIn;
            judged.detail = format!("first checked in at {first}");
        } else {
            judged.outcome = Outcome::Unverified;
            judged.detail =
                "typed by hand: logged, and checked when the district imports the log".into();
        }
        return Ok(judged);
    }
    match known.invitation(&id)? {
        None => {
            judged.outcome = Outcome::Malformed;
            judged.detail = format!("there is no invitation {id} in this campaign; check the id");
            judged.invitation_id = None;
            Ok(judged)
        }
        Some(s) if !s.planned => {
            judged.outcome = Outcome::Cancelled;
            judged.detail = "this invitation was cancelled".into();
            judged.appointment = Some(s);
            Ok(judged)
        }
        Some(s) => {
            judged.appointment = Some(s);
            settle(judged, today, known)
        }
    }
}

/// A genuine, standing invitation: already checked in, for another day, or valid.
fn settle(mut judged: Judged, today: NaiveDate, known: &impl Known) -> Result<Judged> {
    let id = judged.invitation_id.clone().unwrap_or_default();
    if let Some(first) = known.checked_in(&id)? {
        judged.outcome = Outcome::AlreadyCheckedIn;
        judged.detail = format!("first checked in at {first}");
    } else if let Some(a) = &judged.appointment
        && a.date != today
    {
        judged.outcome = Outcome::NotToday;
        judged.detail = format!(
            "invited for {}, not today: accepted",
            crate::render::text::day_and_date(a.date)
        );
    }
    Ok(judged)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use ed25519_dalek::SigningKey;

    use super::*;
    use crate::token::Claims;

    struct Ledger {
        invitations: HashMap<String, Standing>,
        checked: HashMap<String, String>,
        online: bool,
    }

    impl Known for Ledger {
        fn invitation(&self, id: &str) -> Result<Option<Standing>> {
            Ok(self.invitations.get(id).cloned())
        }
        fn has_ledger(&self) -> bool {
            self.online
        }
        fn checked_in(&self, id: &str) -> Result<Option<String>> {
            Ok(self.checked.get(id).cloned())
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 8, d).unwrap()
    }

    fn standing(date: NaiveDate) -> Standing {
        Standing {
            planned: true,
            office_id: "kesugihan".into(),
            date,
            start: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
        }
    }

    fn token(key: &SigningKey, campaign: &str, id: &str, s: &Standing) -> String {
        token::sign(
            key,
            &Claims {
                campaign: campaign.into(),
                invitation_id: id.into(),
                office_id: s.office_id.clone(),
                date: s.date,
                start: s.start,
                end: s.end,
            },
        )
    }

    #[test]
    fn every_outcome() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let other = SigningKey::from_bytes(&[8; 32]);
        let public = key.verifying_key();
        let mut ledger = Ledger {
            invitations: HashMap::new(),
            checked: HashMap::new(),
            online: true,
        };
        ledger
            .invitations
            .insert("PT83K9SD".into(), standing(day(19)));
        ledger
            .invitations
            .insert("AAAAAAAA".into(), standing(day(20)));
        let mut cancelled = standing(day(19));
        cancelled.planned = false;
        ledger.invitations.insert("BBBBBBBB".into(), cancelled);
        ledger
            .checked
            .insert("CCCCCCCC".into(), "2024-08-19 08:10".into());
        ledger
            .invitations
            .insert("CCCCCCCC".into(), standing(day(19)));
        let judge = |line: &str| {
            judge(line, &public, Some("c"), day(19), &ledger)
                .unwrap()
                .outcome
        };

        let valid = token(&key, "c", "PT83K9SD", &standing(day(19)));
        assert_eq!(judge(&valid), Outcome::Valid);
        // Scanned with Caps Lock on.
        assert_eq!(judge(&valid.to_ascii_lowercase()), Outcome::Valid);
        assert_eq!(judge("pt83-k9sd"), Outcome::Valid, "typed by hand");
        assert_eq!(
            judge(&token(&key, "c", "AAAAAAAA", &standing(day(20)))),
            Outcome::NotToday
        );
        assert_eq!(
            judge(&token(&key, "c", "BBBBBBBB", &standing(day(19)))),
            Outcome::Cancelled
        );
        // A letter for the old appointment of an invitation since moved: the person came.
        assert_eq!(
            judge(&token(&key, "c", "AAAAAAAA", &standing(day(19)))),
            Outcome::NotToday
        );
        assert_eq!(
            judge(&token(&key, "c", "CCCCCCCC", &standing(day(19)))),
            Outcome::AlreadyCheckedIn
        );
        assert_eq!(
            judge(&token(&key, "other", "PT83K9SD", &standing(day(19)))),
            Outcome::WrongCampaign
        );
        assert_eq!(
            judge(&token(&other, "c", "PT83K9SD", &standing(day(19)))),
            Outcome::Forged
        );
        assert_eq!(judge("HELLO WORLD"), Outcome::Malformed);
        assert_eq!(judge("ZZZZZZZZ"), Outcome::Malformed, "no such invitation");

        ledger.online = false;
        let offline = |line: &str| {
            super::judge(line, &public, None, day(19), &ledger)
                .unwrap()
                .outcome
        };
        assert_eq!(offline(&valid), Outcome::Valid);
        assert_eq!(offline("PT83K9SD"), Outcome::Unverified);
        assert_eq!(offline("CCCCCCCC"), Outcome::AlreadyCheckedIn);
        // Offline, a cancelled invitation cannot be known: the import finds it.
        assert_eq!(
            offline(&token(&key, "c", "BBBBBBBB", &standing(day(19)))),
            Outcome::Valid
        );
    }
}
