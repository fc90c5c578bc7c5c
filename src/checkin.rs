//! Check-in (spec §8): what one scanned line means — a QR token or an invitation id typed by hand —
//! given the campaign's key, what is known about invitations and earlier check-ins, and the day.
//! Pure: the ledger (at the district) or the scan log (offline at a village office) answers the
//! questions through `Known`.

use std::collections::HashMap;

use chrono::NaiveDate;
use ed25519_dalek::VerifyingKey;

use crate::appointment::Appointment;
use crate::error::Result;
use crate::ids;
use crate::reason::Cancellation;
use crate::text;
use crate::token::{self, Verdict};

/// Spec §8's outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Valid,
    AlreadyCheckedIn,
    Forged,
    WrongCampaign,
    Cancelled,
    /// A genuine letter whose appointment (office, day or session) was moved since: accepted —
    /// the new appointment is the person's own — and the answer names it.
    Replaced,
    /// Genuine, but for another day: accepted, with a warning.
    NotToday,
    Malformed,
    /// Offline, an id typed by hand cannot be checked: it is logged, and checked when the district
    /// imports the log.
    Unverified,
}

impl Outcome {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Outcome::Valid => "valid",
            Outcome::AlreadyCheckedIn => "already_checked_in",
            Outcome::Forged => "forged",
            Outcome::WrongCampaign => "wrong_campaign",
            Outcome::Cancelled => "cancelled",
            Outcome::Replaced => "replaced",
            Outcome::NotToday => "not_today",
            Outcome::Malformed => "malformed",
            Outcome::Unverified => "unverified",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Outcome> {
        [
            Outcome::Valid,
            Outcome::AlreadyCheckedIn,
            Outcome::Forged,
            Outcome::WrongCampaign,
            Outcome::Cancelled,
            Outcome::Replaced,
            Outcome::NotToday,
            Outcome::Malformed,
            Outcome::Unverified,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }

    /// Whether the person is checked in by this scan.
    pub(crate) fn records(self) -> bool {
        matches!(
            self,
            Outcome::Valid | Outcome::Replaced | Outcome::NotToday | Outcome::Unverified
        )
    }
}

/// An invitation as the ledger holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Standing {
    pub(crate) planned: bool,
    pub(crate) appointment: Appointment,
    /// Why it was cancelled, as the plan that did it stored it (`None`: not said).
    pub(crate) why_cancelled: Option<Cancellation>,
}

/// What the caller knows besides the key.
pub(crate) trait Known {
    /// The invitation's standing, when known: from the ledger, or offline from a carried void
    /// list (which knows only the invitations cancelled or moved); `None` if unknown.
    fn invitation(&self, id: &str) -> Result<Option<Standing>>;
    /// Whether a ledger answers `invitation` (the district) or not (offline).
    fn has_ledger(&self) -> bool;
    /// When the person was first checked in, if they were.
    fn checked_in(&self, id: &str) -> Result<Option<String>>;
}

/// Away from the ledger: what an offline scan log holds (who was checked in, and when), and the
/// signed void list carried from the district (invitations cancelled or moved), or nothing at all
/// (`verify` with the public key alone).
#[derive(Default)]
pub(crate) struct Offline {
    pub(crate) checked: HashMap<String, String>,
    pub(crate) void: HashMap<String, Standing>,
}

impl Known for Offline {
    fn invitation(&self, id: &str) -> Result<Option<Standing>> {
        Ok(self.void.get(id).cloned())
    }

    fn has_ledger(&self) -> bool {
        false
    }

    fn checked_in(&self, id: &str) -> Result<Option<String>> {
        Ok(self.checked.get(id).cloned())
    }
}

/// What one line was judged to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Judged {
    pub(crate) outcome: Outcome,
    pub(crate) invitation_id: Option<String>,
    /// The campaign a genuine token names.
    pub(crate) campaign: Option<String>,
    /// The appointment that stands: the letter's, or the ledger's when it knows better.
    pub(crate) appointment: Option<Appointment>,
    /// The token as scanned, for a token.
    pub(crate) token: Option<String>,
    /// For staff: why, or what to watch out for, worded by `explain` alone.
    pub(crate) note: Note,
}

/// What a judgement has to say besides its outcome, as data: the station page, `checkin` and
/// `verify` all word it through `Judged::explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Note {
    Nothing,
    Forged,
    /// Not a code: why, as the token reader found.
    Malformed(String),
    /// A genuine letter of the campaign named.
    WrongCampaign(String),
    /// Genuine, but the ledger has no such invitation.
    Unknown,
    Cancelled(Option<Cancellation>),
    /// The letter's appointment was moved: the one that stands now.
    Replaced(Appointment),
    /// Typed by hand with no ledger at hand.
    TypedOffline,
    /// Typed by hand, and no invitation has that id.
    NoSuchId(String),
    /// First checked in at this stamp (`text::stamp`).
    Already(String),
    /// Invited for that day, not today.
    NotToday(NaiveDate),
}

impl Outcome {
    /// The headline a station shows for this outcome, in the chosen language.
    pub(crate) fn title(self) -> String {
        match self {
            Outcome::Valid => t!("outcome-title-valid"),
            Outcome::AlreadyCheckedIn => t!("outcome-title-already"),
            Outcome::NotToday => t!("outcome-title-not-today"),
            Outcome::Replaced => t!("outcome-title-replaced"),
            Outcome::Forged => t!("outcome-title-forged"),
            Outcome::WrongCampaign => t!("outcome-title-wrong-campaign"),
            Outcome::Cancelled => t!("outcome-title-cancelled"),
            Outcome::Malformed | Outcome::Unverified => t!("outcome-title-unreadable"),
        }
    }
}

impl Judged {
    fn refused(outcome: Outcome, invitation_id: Option<String>, note: Note) -> Judged {
        Judged {
            outcome,
            invitation_id,
            campaign: None,
            appointment: None,
            token: None,
            note,
        }
    }

    /// The note in words, for staff: the one wording of every note, on screen and on the page.
    pub(crate) fn explain(&self) -> String {
        match &self.note {
            Note::Nothing => String::new(),
            Note::Forged => t!("judge-forged"),
            Note::Malformed(reason) => t!("judge-malformed", reason = reason),
            Note::WrongCampaign(campaign) => t!("judge-wrong-campaign", campaign = campaign),
            Note::Unknown => t!("judge-unknown"),
            Note::Cancelled(None) => t!("judge-cancelled"),
            Note::Cancelled(Some(why)) => t!("judge-cancelled-why", why = why.words()),
            Note::Replaced(a) => t!(
                "judge-replaced",
                date = text::day_and_date(a.date),
                office = &a.office_id
            ),
            Note::TypedOffline => t!("judge-typed-offline"),
            Note::NoSuchId(id) => t!("judge-no-such-id", id = id),
            Note::Already(first) => t!("judge-already", first = text::when(first)),
            Note::NotToday(date) => t!("judge-not-today", date = text::day_and_date(*date)),
        }
    }
}

/// Judges one scanned or typed line on `today`. `campaign` is the campaign's id when known.
pub(crate) fn judge(
    line: &str,
    key: &VerifyingKey,
    campaign: Option<&str>,
    today: NaiveDate,
    known: &impl Known,
) -> Result<Judged> {
    let judged = stands(line, key, campaign, known)?;
    settle(judged, today, known)
}

/// Does a scanned code (or typed id) stand, whatever the day: genuine, of this campaign, and its
/// invitation not cancelled. The one answer `checkin` and `verify` both give. An old letter of an
/// invitation since moved or re-invited is `replaced`, accepted and naming the current
/// appointment: the person is here, and that is what counts. A letter replaced only to correct
/// printed details carries the same token, and is simply valid.
pub(crate) fn stands(
    line: &str,
    key: &VerifyingKey,
    campaign: Option<&str>,
    known: &impl Known,
) -> Result<Judged> {
    let line = line.trim();
    if let Some(id) = ids::normalize_typed(line) {
        return typed(id, known);
    }
    // USB scanners type like a keyboard: with Caps Lock on, letters arrive in lower case.
    let token = line.to_ascii_uppercase();
    let claims = match token::verify(key, &token) {
        Verdict::Genuine(claims) => claims,
        Verdict::Forged(claims) => {
            let mut judged =
                Judged::refused(Outcome::Forged, Some(claims.invitation_id), Note::Forged);
            judged.token = Some(token);
            return Ok(judged);
        }
        Verdict::Malformed(reason) => {
            return Ok(Judged::refused(
                Outcome::Malformed,
                None,
                Note::Malformed(reason),
            ));
        }
    };
    let mut judged = Judged {
        outcome: Outcome::Valid,
        invitation_id: Some(claims.invitation_id.clone()),
        campaign: Some(claims.campaign.to_string()),
        appointment: Some(claims.appointment.clone()),
        token: Some(token),
        note: Note::Nothing,
    };
    if let Some(campaign) = campaign
        && !claims.campaign.is(campaign)
    {
        judged.outcome = Outcome::WrongCampaign;
        judged.note = Note::WrongCampaign(claims.campaign.to_string());
        return Ok(judged);
    }
    let standing = known.invitation(&claims.invitation_id)?;
    // Offline, only what the void list carried is known.
    if standing.is_none() && !known.has_ledger() {
        return Ok(judged);
    }
    match standing {
        None => {
            judged.outcome = Outcome::Cancelled;
            judged.note = Note::Unknown;
        }
        Some(s) if !s.planned => {
            judged.outcome = Outcome::Cancelled;
            judged.note = Note::Cancelled(s.why_cancelled);
        }
        Some(s) if !s.appointment.same_session(&claims.appointment) => {
            judged.outcome = Outcome::Replaced;
            judged.note = Note::Replaced(s.appointment.clone());
            judged.appointment = Some(s.appointment);
        }
        Some(_) => {}
    }
    Ok(judged)
}

/// An invitation id typed by hand: checked against the ledger, or logged unverified offline
/// (unless the void list carried says it was cancelled).
fn typed(id: String, known: &impl Known) -> Result<Judged> {
    if !known.has_ledger() {
        if let Some(s) = known.invitation(&id)?
            && !s.planned
        {
            return Ok(Judged::refused(
                Outcome::Cancelled,
                Some(id),
                Note::Cancelled(s.why_cancelled),
            ));
        }
        return Ok(Judged::refused(
            Outcome::Unverified,
            Some(id),
            Note::TypedOffline,
        ));
    }
    match known.invitation(&id)? {
        None => Ok(Judged::refused(
            Outcome::Malformed,
            None,
            Note::NoSuchId(id),
        )),
        Some(s) => {
            let mut judged = Judged::refused(Outcome::Valid, Some(id), Note::Nothing);
            if !s.planned {
                judged.outcome = Outcome::Cancelled;
                judged.note = Note::Cancelled(s.why_cancelled);
            }
            judged.appointment = Some(s.appointment);
            Ok(judged)
        }
    }
}

/// A code that stands, on `today`: already checked in, for another day, or valid.
fn settle(mut judged: Judged, today: NaiveDate, known: &impl Known) -> Result<Judged> {
    if !judged.outcome.records() {
        return Ok(judged);
    }
    let id = judged.invitation_id.clone().unwrap_or_default();
    if let Some(first) = known.checked_in(&id)? {
        judged.outcome = Outcome::AlreadyCheckedIn;
        judged.note = Note::Already(first);
    } else if judged.outcome == Outcome::Valid
        && let Some(a) = &judged.appointment
        && a.date != today
    {
        judged.outcome = Outcome::NotToday;
        judged.note = Note::NotToday(a.date);
    }
    Ok(judged)
}

/// Where a walk-in from `village` (someone eligible without an appointment) is recorded on `day`
/// at `now`: the office serving their village, in its session running then, else its first of the
/// day. `None` when no office serves the village (or it has no sessions).
pub(crate) fn walk_in_appointment<'c>(
    config: &'c crate::config::Config,
    village: &str,
    day: NaiveDate,
    now: chrono::NaiveTime,
) -> Option<(&'c crate::config::Office, Appointment)> {
    let village = crate::region::VillageCode::parse(village)?;
    // The fixed office serving it (a village visit's villages stay their office's).
    let office = config
        .offices
        .iter()
        .find(|o| o.visit.is_none() && o.villages.contains(&village))?;
    let session = office
        .sessions
        .iter()
        .find(|s| s.start <= now && now < s.end)
        .or(office.sessions.first())?;
    let appointment = Appointment {
        office_id: office.id.clone(),
        date: day,
        start: session.start,
        end: session.end,
    };
    Some((office, appointment))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use chrono::NaiveTime;
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
            Ok(self.invitations.get(id).filter(|_| self.online).cloned())
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
            why_cancelled: None,
            appointment: Appointment {
                office_id: "kesugihan".into(),
                date,
                start: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
                end: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
            },
        }
    }

    fn token(key: &SigningKey, campaign: &str, id: &str, s: &Standing) -> String {
        token::sign(
            key,
            &Claims {
                campaign: token::Campaign::of(campaign),
                invitation_id: id.into(),
                appointment: s.appointment.clone(),
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
            Outcome::Replaced
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

        // Unless the void list carried from the district says so; and it names a moved one's
        // new appointment.
        let mut carried = Offline::default();
        let mut cancelled = standing(day(19));
        cancelled.planned = false;
        carried.void.insert("BBBBBBBB".into(), cancelled);
        carried.void.insert("AAAAAAAA".into(), standing(day(20)));
        let with_list = |line: &str| {
            super::judge(line, &public, None, day(19), &carried)
                .unwrap()
                .outcome
        };
        assert_eq!(
            with_list(&token(&key, "c", "BBBBBBBB", &standing(day(19)))),
            Outcome::Cancelled
        );
        assert_eq!(with_list("BBBBBBBB"), Outcome::Cancelled, "typed");
        assert_eq!(
            with_list(&token(&key, "c", "AAAAAAAA", &standing(day(19)))),
            Outcome::Replaced
        );
        assert_eq!(with_list(&valid), Outcome::Valid, "not on the list");
    }
}
