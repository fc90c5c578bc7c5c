//! A station's search for a person by name and birth date: someone whose letter is lost (checked
//! in by their invitation's id), or someone eligible with no appointment at all, recorded here as a
//! walk-in. Bounded like a list dump would not be: a few results, rate limited, NIKs masked.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::access::cookie_hash;
use super::station::{Answer, clock, session_text, station, village_name};
use super::web::{Refusal, forbidden};
use super::{App, Shared};
use crate::error::Result;
use crate::ledger::Ledger;
use crate::text;

#[derive(Deserialize)]
pub(super) struct SearchIn {
    name: String,
    /// Written 2006-05-14 (an `<input type=date>`).
    birth: String,
}

#[derive(Serialize)]
pub(super) struct Match {
    /// The invitation, to check its person in; `None` for someone without an appointment.
    id: Option<String>,
    /// For someone eligible without an appointment: the reference that records them as a
    /// walk-in here (`walk_in`), standing for nothing outside this office and day.
    walk_in: Option<String>,
    name: String,
    /// Masked: a full NIK never reaches a browser.
    nik: String,
    village: String,
    rt_rw: String,
    session: String,
    checked_in: Option<String>,
}

/// The most matches a search returns: enough to tell two namesakes apart, never a list.
const MOST_MATCHES: usize = 5;

pub(super) async fn search(
    State(app): State<App>,
    Path(office): Path<String>,
    headers: HeaderMap,
    Json(input): Json<SearchIn>,
) -> Result<Json<Vec<Match>>, Refusal> {
    let who = cookie_hash(&station(&app, &headers, &office)?.cookie);
    let (name, birth) = searched(&app, &who, &input)?;
    let matches = app
        .ledger(move |app, ledger| {
            let mut matches: Vec<Match> = ledger
                .search_office(&office, &name, birth, MOST_MATCHES)?
                .into_iter()
                .map(|f| Match {
                    session: session_text(app, &f.appointment),
                    id: Some(f.invitation_id),
                    walk_in: None,
                    name: f.name,
                    nik: crate::validate::nik::last_four(&f.nik),
                    village: village_name(&f.village_code),
                    rt_rw: format!("RT {} / RW {}", f.rt, f.rw),
                    checked_in: f.checked_in.as_deref().map(clock),
                })
                .collect();
            let room = MOST_MATCHES - matches.len();
            let day = app.now().date();
            matches.extend(
                unseated_here(app, ledger, &office, &name, birth)?
                    .into_iter()
                    .take(room)
                    .map(|u| Match {
                        id: None,
                        walk_in: Some(app.keys.walk_in_ref(&office, &u.nik, day)),
                        name: u.name,
                        nik: crate::validate::nik::last_four(&u.nik),
                        village: village_name(&u.village_code),
                        rt_rw: format!("RT {} / RW {}", u.rt, u.rw),
                        session: "Belum punya jadwal (tidak kebagian tempat): dapat dicatat \
                                  datang langsung"
                            .into(),
                        checked_in: None,
                    }),
            );
            Ok(matches)
        })
        .await?;
    Ok(Json(matches))
}

/// A search's name and birth date, read and counted against the device's searches.
fn searched(app: &Shared, who: &str, input: &SearchIn) -> Result<(String, NaiveDate), Refusal> {
    let bad = |m: &str| Refusal(StatusCode::BAD_REQUEST, m.into());
    let name = input.name.trim().to_string();
    if name.chars().count() < 3 {
        return Err(bad("Ketik paling sedikit 3 huruf nama."));
    }
    if name.len() > 100 {
        return Err(bad("Nama terlalu panjang: ketik paling banyak 100 huruf."));
    }
    let Ok(birth) = NaiveDate::parse_from_str(input.birth.trim(), "%Y-%m-%d") else {
        return Err(bad("Isi tanggal lahir (hari, bulan, tahun)."));
    };
    if !app.searches.allow(who) {
        return Err(Refusal(
            StatusCode::TOO_MANY_REQUESTS,
            "Terlalu banyak pencarian. Tunggu satu menit.".into(),
        ));
    }
    Ok((name, birth))
}

/// People of `office`'s villages found by a search who have no appointment.
fn unseated_here(
    app: &Shared,
    ledger: &Ledger,
    office: &str,
    name: &str,
    birth: NaiveDate,
) -> Result<Vec<crate::ledger::Unseated>> {
    let now = app.now();
    Ok(ledger
        .search_unseated(name, birth, 4 * MOST_MATCHES)?
        .into_iter()
        .filter(|u| {
            crate::checkin::walk_in_appointment(
                &app.config,
                &u.village_code,
                now.date(),
                now.time(),
            )
            .is_some_and(|(o, _)| o.id == office)
        })
        .collect())
}

#[derive(Deserialize)]
pub(super) struct WalkInIn {
    /// The search that found them, made again: the reference stands for nobody on its own.
    #[serde(flatten)]
    search: SearchIn,
    walk_in: String,
}

/// Records someone a search found without an appointment as a walk-in at this office today: an
/// appointment made on the spot in the session running now, and checked in.
pub(super) async fn walk_in(
    State(app): State<App>,
    Path(office): Path<String>,
    headers: HeaderMap,
    Json(input): Json<WalkInIn>,
) -> Result<Json<Answer>, Refusal> {
    let who = cookie_hash(&station(&app, &headers, &office)?.cookie);
    let (name, birth) = searched(&app, &who, &input.search)?;
    let answer = app
        .ledger(move |app, ledger| {
            let day = app.now().date();
            let found = unseated_here(app, ledger, &office, &name, birth)?
                .into_iter()
                .find(|u| {
                    app.keys
                        .walk_in_ref_ok(&office, &u.nik, day, &input.walk_in)
                });
            let Some(person) = found else {
                return Ok(Err(Refusal(
                    StatusCode::NOT_FOUND,
                    "Orang ini tidak (lagi) ditemukan tanpa jadwal di kantor ini. Cari lagi."
                        .into(),
                )));
            };
            let now = app.now();
            let Some((_, appointment)) = crate::checkin::walk_in_appointment(
                &app.config,
                &person.village_code,
                now.date(),
                now.time(),
            ) else {
                return Ok(Err(forbidden()));
            };
            let station = Shared::station_of(&office);
            let new_id = |taken: &dyn Fn(&str) -> bool| {
                crate::ids::assign(&app.id_secret, &app.config.campaign.id, &person.nik, taken)
            };
            let done = ledger.record_walk_in(
                &person.nik,
                &appointment,
                new_id,
                app.run,
                &text::stamp(now),
                &station,
            )?;
            let crate::ledger::WalkIn::Recorded { id, name } = done else {
                return Ok(Err(Refusal(
                    StatusCode::CONFLICT,
                    "Orang ini sudah punya jadwal sekarang. Cari lagi dan catat hadir dengan \
                     jadwalnya."
                        .into(),
                )));
            };
            let _ = app.events.send(office.clone());
            Ok(Ok(Answer {
                outcome: "valid",
                tone: "ok",
                title: "SAH — DATANG LANGSUNG".into(),
                detail: "Tercatat hadir tanpa surat undangan: jadwal dibuat saat ini di kantor \
                         ini dan dihitung terpisah di laporan."
                    .into(),
                id: Some(id),
                name: Some(name),
                village: Some(village_name(&person.village_code)),
                session: Some(session_text(app, &appointment)),
                again: false,
            }))
        })
        .await??;
    Ok(Json(answer))
}
