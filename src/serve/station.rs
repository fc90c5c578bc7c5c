//! A recording office's station: its page, and its calls — a scan (QR token or typed id) judged by
//! `checkin::judge` and recorded once per nonce, the undo of a check-in, and the day's counters.
//! The search for a person (a lost letter, a walk-in) is `search`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::access::{Role, Session, cookie_hash};
use super::web::{Refusal, forbidden, page as fill, posting, session};
use super::{App, Shared};
use crate::appointment::Appointment;
use crate::checkin::{Judged, Note, Outcome, judge};
use crate::error::Result;
use crate::ledger::{Ledger, Recorded, Scan, line_hash};
use crate::region::{Regions, VillageCode};
use crate::text;

const PAGE: &str = include_str!("../../assets/web/stasiun.html");

/// The longest line a scan may be (a token is under 200 characters).
const MAX_LINE: usize = 512;
/// How long after a check-in it may be undone at its station.
const UNDO_MINUTES: i64 = 15;
/// How old an offline scan may be when it arrives, and still keep its own time: a recording day's
/// queue, not more (an older age, or one before the campaign's first day, is not believed).
const MAX_QUEUED: i64 = 12 * 60 * 60 * 1000;

pub(super) async fn page(
    State(app): State<App>,
    Path(office): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(Session { role, cookie }) = session(&app, &headers) else {
        return Redirect::to("/masuk").into_response();
    };
    if !app.has_office(&office) {
        return Refusal(StatusCode::NOT_FOUND, "Kantor ini tidak ada.".into()).into_response();
    }
    if !role.may_station(&office) {
        return forbidden().into_response();
    }
    let name = app.office_name(&office);
    let day = text::day_and_date(app.now().date());
    fill(
        PAGE,
        &[
            ("office", &office),
            ("office_name", &name),
            ("day", &day),
            ("csrf", &app.keys.csrf(&cookie)),
            ("campaign", &app.config.campaign.title),
        ],
    )
}

/// A station's POST on `office`: refused unless the office is the campaign's and its session may
/// work that station.
pub(super) fn station(app: &App, headers: &HeaderMap, office: &str) -> Result<Session, Refusal> {
    let session = posting(app, headers)?;
    if !app.has_office(office) || !session.role.may_station(office) {
        return Err(forbidden());
    }
    Ok(session)
}

#[derive(Deserialize)]
pub(super) struct ScanIn {
    line: String,
    /// The page's id for this scan: sent twice, recorded once.
    nonce: Option<String>,
    /// How long ago the scan was made, for one queued while the server could not be reached.
    age_ms: Option<i64>,
}

/// What a station shows for a scan.
#[derive(Serialize)]
pub(super) struct Answer {
    pub(super) outcome: &'static str,
    /// `ok` (green), `used` (orange), `other-day` (amber) or `refused` (red).
    pub(super) tone: &'static str,
    pub(super) title: String,
    pub(super) detail: String,
    pub(super) id: Option<String>,
    pub(super) name: Option<String>,
    pub(super) village: Option<String>,
    pub(super) session: Option<String>,
    /// The scan was recorded before (its nonce came again): this is that first answer.
    pub(super) again: bool,
}

pub(super) async fn scan(
    State(app): State<App>,
    Path(office): Path<String>,
    headers: HeaderMap,
    Json(input): Json<ScanIn>,
) -> Result<Json<Answer>, Refusal> {
    let session = station(&app, &headers, &office)?;
    if input.line.len() > MAX_LINE || input.nonce.as_ref().is_some_and(|n| n.len() > 64) {
        return Err(Refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Terlalu panjang untuk sebuah kode. Pindai lagi.".into(),
        ));
    }
    // An id typed by hand is not signed: typed ids are counted per device, and a burst of ids no
    // invitation has (someone trying ids to find people) stops typing for a while.
    let typed = crate::ids::normalize_typed(input.line.trim()).is_some();
    let device = cookie_hash(&session.cookie);
    if typed && app.unknown.spent(&device) {
        return Err(Refusal(
            StatusCode::TOO_MANY_REQUESTS,
            "Terlalu banyak kode yang tidak dikenal diketik dari perangkat ini. Pindai QR di surat; \
             mengetik kode dapat lagi 10 menit kemudian."
                .into(),
        ));
    }
    if typed && !app.typed.allow(&device) {
        return Err(Refusal(
            StatusCode::TOO_MANY_REQUESTS,
            "Terlalu banyak kode diketik dalam semenit. Tunggu sebentar, atau pindai QR di surat."
                .into(),
        ));
    }
    let station_id = office.clone();
    let (answer, unknown) = app
        .ledger(move |app, ledger| scan_at(app, ledger, &office, &input))
        .await??;
    if typed && unknown && !app.unknown.allow(&device) {
        eprintln!(
            "papila serve: {}",
            t!("serve-unknown-ids", station = station_id)
        );
    }
    Ok(Json(answer))
}

/// Judges and records one scan at `office`'s station; with the answer, whether it was a typed id
/// no invitation has. A nonce sent again for another line is refused.
fn scan_at(
    app: &Shared,
    ledger: &Ledger,
    office: &str,
    input: &ScanIn,
) -> Result<std::result::Result<(Answer, bool), Refusal>> {
    let received = app.now();
    let at = match input.age_ms {
        Some(age) if (0..=MAX_QUEUED).contains(&age) => received - Duration::milliseconds(age),
        _ => received,
    };
    let first_day = app.config.campaign.start.and_time(chrono::NaiveTime::MIN);
    let at = if at < first_day { received } else { at };
    let judged = judge(
        &input.line,
        &app.key,
        Some(&app.config.campaign.id),
        at.date(),
        ledger,
    )?;
    let station = Shared::station_of(office);
    let recorded = ledger.record_judged(
        &Scan {
            run: app.run,
            at: &text::stamp(at),
            station: &station,
            source: "scan",
            nonce: input.nonce.as_deref(),
            line_hash: &line_hash(&input.line),
            received_at: &if at == received {
                String::new()
            } else {
                text::stamp(received)
            },
        },
        &judged,
    )?;
    let (outcome, again) = match &recorded {
        Recorded::New => (judged.outcome, false),
        Recorded::Again { outcome, .. } => {
            (Outcome::parse(outcome).unwrap_or(judged.outcome), true)
        }
        Recorded::Conflict => {
            return Ok(Err(Refusal(
                StatusCode::CONFLICT,
                "Pindaian ini tidak dapat diterima (kodenya sudah dipakai untuk pindaian lain). \
                 Pindai lagi."
                    .into(),
            )));
        }
    };
    if !again {
        let _ = app.events.send(office.to_string());
    }
    let unknown = matches!(judged.note, Note::NoSuchId(_));
    Ok(Ok((
        answer(app, ledger, office, &judged, outcome, again)?,
        unknown,
    )))
}

/// The answer a station shows, in the station's words.
fn answer(
    app: &Shared,
    ledger: &Ledger,
    office: &str,
    judged: &Judged,
    outcome: Outcome,
    again: bool,
) -> Result<Answer> {
    // A forged code's claims are not facts: nothing about the person is shown for it.
    let trusted = !matches!(outcome, Outcome::Forged | Outcome::Malformed);
    let id = judged.invitation_id.clone().filter(|_| trusted);
    let person = match &id {
        Some(id) => ledger.person_of(id)?,
        None => None,
    };
    let appointment = judged.appointment.as_ref().filter(|_| trusted);
    let session = appointment.map(|a| session_text(app, a));
    let tone = match outcome {
        Outcome::Valid => "ok",
        Outcome::AlreadyCheckedIn => "used",
        Outcome::NotToday | Outcome::Replaced => "other-day",
        _ => "refused",
    };
    // A scan sent again answers with the outcome it first had; the note is today's judgement
    // of the line only when that is still the same outcome.
    let mut detail = if outcome == judged.outcome {
        judged.explain()
    } else {
        String::new()
    };
    if trusted
        && let Some(a) = appointment
        && a.office_id != office
        && outcome.records()
    {
        detail.push_str(&format!(
            " {}",
            t!(
                "station-other-office",
                office = app.office_name(&a.office_id)
            )
        ));
    }
    Ok(Answer {
        outcome: outcome.as_str(),
        tone,
        title: outcome.title(),
        detail: detail.trim().to_string(),
        id,
        name: person.as_ref().map(|p| p.0.clone()),
        village: person.as_ref().map(|p| village_name(&p.1)),
        session,
        again,
    })
}

/// "Senin, 1 Juli 2024, 08.00–12.00 WIB · Kantor Kecamatan Kesugihan".
pub(super) fn session_text(app: &Shared, a: &Appointment) -> String {
    format!(
        "{}, {} · {}",
        text::day_and_date(a.date),
        text::session(a.start, a.end, app.config.campaign.timezone),
        app.office_name(&a.office_id)
    )
}

/// "08.13" of "2024-08-19 08:13:05".
pub(super) fn clock(at: &str) -> String {
    at.get(11..16).unwrap_or(at).replace(':', ".")
}

pub(super) fn village_name(code: &str) -> String {
    VillageCode::parse(code)
        .and_then(|c| Regions::get().village_name(c))
        .map(str::to_string)
        .unwrap_or_else(|| code.to_string())
}

#[derive(Deserialize)]
pub(super) struct UndoIn {
    id: String,
    reason: String,
}

pub(super) async fn undo(
    State(app): State<App>,
    Path(office): Path<String>,
    headers: HeaderMap,
    Json(input): Json<UndoIn>,
) -> Result<Json<serde_json::Value>, Refusal> {
    station(&app, &headers, &office)?;
    let reason = text::one_line(input.reason.trim());
    if reason.chars().count() < 3 || reason.len() > 200 {
        return Err(Refusal(
            StatusCode::BAD_REQUEST,
            "Tulis alasan pembatalan (paling sedikit 3 huruf).".into(),
        ));
    }
    let Some(id) = crate::ids::normalize_typed(&input.id) else {
        return Err(Refusal(
            StatusCode::BAD_REQUEST,
            "Kode undangan tidak sah.".into(),
        ));
    };
    let outcome = app
        .ledger(move |app, ledger| undo_at(app, ledger, &office, &id, &reason))
        .await?;
    outcome.map(Json)
}

/// Takes back a check-in made at this station within `UNDO_MINUTES`.
fn undo_at(
    app: &Shared,
    ledger: &Ledger,
    office: &str,
    id: &str,
    reason: &str,
) -> Result<Result<serde_json::Value, Refusal>> {
    let station = Shared::station_of(office);
    let now = app.now();
    let refuse = |m: &str| Ok(Err(Refusal(StatusCode::CONFLICT, m.into())));
    let Some((at, by)) = ledger.checkin_of(id)? else {
        return refuse("Orang ini belum tercatat hadir: tidak ada yang dibatalkan.");
    };
    if by != station {
        return refuse(
            "Kehadiran ini dicatat di tempat lain: hanya petugas Dinas yang dapat membatalkannya.",
        );
    }
    let made = text::parse_stamp(&at).unwrap_or(now);
    if now - made > Duration::minutes(UNDO_MINUTES) {
        return refuse(&format!(
            "Lebih dari {UNDO_MINUTES} menit yang lalu: minta petugas Dinas membatalkannya."
        ));
    }
    ledger.undo_checkin(app.run, &text::stamp(now), &station, id, reason)?;
    let _ = app.events.send(office.to_string());
    Ok(Ok(serde_json::json!({ "undone": id, "was": clock(&at) })))
}

#[derive(Serialize)]
pub(super) struct Counters {
    day: String,
    sessions: Vec<SessionLine>,
    booked: u64,
    arrived: u64,
    remaining: u64,
    last_15_min: u64,
    latest: Vec<Latest>,
}

#[derive(Serialize)]
struct SessionLine {
    session: String,
    booked: u64,
    arrived: u64,
    remaining: u64,
}

#[derive(Serialize)]
struct Latest {
    time: String,
    outcome: String,
    id: Option<String>,
    name: Option<String>,
    reason: String,
}

pub(super) async fn counters(
    State(app): State<App>,
    Path(office): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Counters>, Refusal> {
    let role = session(&app, &headers).ok_or_else(forbidden)?.role;
    if !app.has_office(&office) || !role.may_station(&office) {
        return Err(forbidden());
    }
    Ok(Json(
        app.ledger(move |app, ledger| counters_of(app, ledger, &office))
            .await?,
    ))
}

fn counters_of(app: &Shared, ledger: &Ledger, office: &str) -> Result<Counters> {
    let now = app.now();
    let day = now.date();
    let tz = app.config.campaign.timezone;
    let station = Shared::station_of(office);
    let sessions: Vec<SessionLine> = ledger
        .sessions_on(office, day)?
        .into_iter()
        .map(|s| SessionLine {
            session: text::session(s.start, s.end, tz),
            booked: s.booked,
            arrived: s.arrived,
            remaining: s.booked - s.arrived,
        })
        .collect();
    let since = text::stamp(now - Duration::minutes(15));
    let booked = sessions.iter().map(|s| s.booked).sum();
    let arrived = sessions.iter().map(|s| s.arrived).sum();
    Ok(Counters {
        day: text::day_and_date(day),
        booked,
        arrived,
        remaining: booked - arrived,
        last_15_min: ledger.checkins_since(&station, &since)?,
        latest: ledger
            .latest_scans(&station, day, 12)?
            .into_iter()
            .map(|s| Latest {
                time: clock(&s.at),
                outcome: s.outcome,
                id: s.invitation_id,
                name: s.name,
                reason: s.reason,
            })
            .collect(),
        sessions,
    })
}

/// Signs out every device of `office`'s station (a lost phone, a code seen by someone): their
/// sessions end on the server; the code still opens new ones unless it is made anew
/// (`serve --new-code`).
pub(super) async fn sign_out_all(
    State(app): State<App>,
    Path(office): Path<String>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, Refusal> {
    station(&app, &headers, &office)?;
    let role = Role::Station(office);
    let ended_here = app.sessions.remove_role(&role);
    let label = role.label();
    let ended = app
        .ledger(move |app, ledger| ledger.end_sessions_of(&label, &text::stamp(app.now())))
        .await?;
    Ok(Json(serde_json::json!({ "ended": ended.max(ended_here) })))
}
