//! The district's live view: per office today's arrivals against bookings, per kecamatan and
//! office the campaign's coverage (the numbers `papila report` counts, from the same function),
//! the live updates every page listens to, and fresh `report.csv` / `summary.pdf`.

use std::convert::Infallible;
use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

use super::access::{Role, Session};
use super::web::{Refusal, forbidden, page as fill, session};
use super::{App, Shared};
use crate::error::Result;
use crate::ledger::Ledger;
use crate::report::{Counts, coverage};
use crate::text;

const PAGE: &str = include_str!("../../assets/web/distrik.html");

fn district(app: &App, headers: &HeaderMap) -> Option<String> {
    match session(app, headers)? {
        Session {
            role: Role::District,
            cookie,
        } => Some(cookie),
        _ => None,
    }
}

pub(super) async fn page(State(app): State<App>, headers: HeaderMap) -> Response {
    let Some(Session { role, cookie }) = session(&app, &headers) else {
        return Redirect::to("/masuk").into_response();
    };
    if let Role::Station(office) = role {
        return Redirect::to(&format!("/stasiun/{office}")).into_response();
    }
    let day = text::day_and_date(app.now().date());
    fill(
        PAGE,
        &[
            ("day", &day),
            ("csrf", &app.keys.csrf(&cookie)),
            ("campaign", &app.config.campaign.title),
        ],
    )
}

#[derive(Serialize)]
pub(super) struct Figures {
    day: String,
    today: Vec<OfficeToday>,
    #[serde(flatten)]
    coverage: Coverage,
}

/// The campaign's coverage as the view shows it.
#[derive(Clone, Serialize)]
pub(super) struct Coverage {
    kecamatan: Vec<Line>,
    offices: Vec<Line>,
    /// Each school's students and each team's visits (spec §11); empty without schools.
    schools: Vec<Line>,
    teams: Vec<Line>,
    total: Line,
}

/// How long the coverage counted for the view is shown before it is counted again: counting a
/// whole district takes a while under the ledger's lock, which the stations' scans wait for, and
/// every scan tells every district page to refresh.
const COVERAGE_FOR: Duration = Duration::from_secs(10);

#[derive(Serialize)]
struct OfficeToday {
    id: String,
    name: String,
    booked: u64,
    arrived: u64,
    /// Check-ins at its station of people booked elsewhere or another day.
    others: u64,
    station: String,
}

#[derive(Clone, Serialize)]
struct Line {
    name: String,
    #[serde(flatten)]
    counts: Counts,
    recorded_pct: f64,
}

impl Line {
    fn of(name: &str, counts: &Counts) -> Line {
        Line {
            name: name.to_string(),
            counts: *counts,
            recorded_pct: (counts.recorded_pct() * 10.0).round() / 10.0,
        }
    }
}

pub(super) async fn figures(
    State(app): State<App>,
    headers: HeaderMap,
) -> Result<Json<Figures>, Refusal> {
    district(&app, &headers).ok_or_else(forbidden)?;
    Ok(Json(app.ledger(figures_of).await?))
}

fn figures_of(app: &Shared, ledger: &Ledger) -> Result<Figures> {
    let day = app.now().date();
    let ids: Vec<String> = app.office_ids().map(str::to_string).collect();
    let today = ledger
        .offices_on(day, Shared::station_of, &ids)?
        .into_iter()
        .map(|o| OfficeToday {
            name: app.office_name(&o.office_id),
            station: format!("/stasiun/{}", o.office_id),
            id: o.office_id,
            booked: o.booked,
            arrived: o.arrived,
            others: o.others,
        })
        .collect();
    Ok(Figures {
        day: text::day_and_date(day),
        today,
        coverage: coverage_of(app, ledger, day)?,
    })
}

/// The coverage, counted at most once every `COVERAGE_FOR`.
fn coverage_of(app: &Shared, ledger: &Ledger, day: chrono::NaiveDate) -> Result<Coverage> {
    let mut kept = app.coverage.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((at, c)) = kept.as_ref()
        && at.elapsed() < COVERAGE_FOR
    {
        return Ok(c.clone());
    }
    let report = coverage(&app.config, ledger, day)?;
    let c = Coverage {
        kecamatan: report
            .kecamatan
            .iter()
            .map(|k| Line::of(&k.name, &k.counts))
            .collect(),
        offices: report
            .offices
            .iter()
            .map(|o| Line::of(&o.name, &o.counts))
            .collect(),
        schools: report
            .schools
            .iter()
            .map(|s| Line::of(&s.name, &s.counts))
            .collect(),
        teams: report
            .teams
            .iter()
            .map(|t| Line::of(&format!("{} ({} kunjungan)", t.name, t.visits), &t.counts))
            .collect(),
        total: Line::of("Seluruh kabupaten", &report.total),
    };
    *kept = Some((std::time::Instant::now(), c.clone()));
    Ok(c)
}

/// Server-sent events: the id of an office whose figures changed (a scan, an undo), and a comment
/// every 15 s that keeps proxies from closing the stream. `EventSource` reconnects by itself.
pub(super) async fn events(
    State(app): State<App>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = std::result::Result<Event, Infallible>>>, Refusal> {
    let role = session(&app, &headers).ok_or_else(forbidden)?.role;
    let stream = BroadcastStream::new(app.events.subscribe()).filter_map(move |change| {
        let office = match change {
            Ok(office) if role.may_station(&office) => office,
            Ok(_) => return None,
            // Missed some: every page refreshes.
            Err(_) => "*".to_string(),
        };
        Some(Ok(Event::default().event("berubah").data(office)))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// `report.csv` or `summary.pdf`, made now from the ledger into the output folder and sent.
pub(super) async fn download(
    State(app): State<App>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    district(&app, &headers).ok_or_else(forbidden)?;
    let kind = match file.as_str() {
        "report.csv" => "text/csv; charset=utf-8",
        "summary.pdf" => "application/pdf",
        _ => return Err(Refusal(StatusCode::NOT_FOUND, "Berkas tidak ada.".into())),
    };
    // Counted under the ledger's lock; the files (summary.pdf is typeset) made outside it, so
    // stations are not kept waiting.
    let (report, day) = app
        .ledger(|app, ledger| {
            let day = app.now().date();
            Ok((coverage(&app.config, ledger, day)?, day))
        })
        .await?;
    let maker = std::sync::Arc::clone(&app);
    let written = tokio::task::spawn_blocking(move || {
        crate::report::write_files(&maker.config, &maker.out, &report, day)
    })
    .await
    .map_err(|_| {
        Refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Laporan gagal dibuat. Coba lagi.".into(),
        )
    })??;
    let path = match file.as_str() {
        "report.csv" => Some(written.csv),
        _ => written.summary,
    };
    let Some(path) = path else {
        return Err(Refusal(
            StatusCode::NOT_FOUND,
            "summary.pdf perlu bagian [issuer] di papila.toml untuk kop suratnya.".into(),
        ));
    };
    let bytes = std::fs::read(&path).map_err(|e| crate::error::Error::io("read", &path, e))?;
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
