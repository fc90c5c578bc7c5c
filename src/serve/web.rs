//! The web side of `papila serve`: routes, the pages, scripts and styles embedded in the binary
//! (no CDN: a recording office may have no internet), signing in with a code, the security
//! headers every answer carries, and errors as answers a page can show.

use std::net::SocketAddr;

use axum::Router;
use axum::extract::{ConnectInfo, Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use super::access::{Role, SESSION_HOURS, Session, cookie_hash, new_cookie};
use super::{App, district, search, station};
use crate::ledger::StoredSession;
use crate::text;

/// Every route.
pub(super) fn router(app: App) -> Router {
    Router::new()
        .route("/", get(district::page))
        .route("/masuk", get(sign_in_page).post(sign_in))
        .route("/keluar", post(sign_out))
        .route("/stasiun/{office}", get(station::page))
        .route("/api/stasiun/{office}/pindai", post(station::scan))
        .route("/api/stasiun/{office}/cari", post(search::search))
        .route("/api/stasiun/{office}/batal", post(station::undo))
        .route("/api/stasiun/{office}/datang", post(search::walk_in))
        .route("/api/stasiun/{office}/angka", get(station::counters))
        .route(
            "/api/stasiun/{office}/keluar-semua",
            post(station::sign_out_all),
        )
        .route("/api/distrik", get(district::figures))
        .route("/api/peristiwa", get(district::events))
        .route("/unduh/{file}", get(district::download))
        .route("/aset/{file}", get(asset))
        .route("/ca.pem", get(ca))
        .fallback(not_found)
        // Checked before any handler, so a request without a session never has its body read.
        .layer(middleware::from_fn_with_state(app.clone(), signed_in))
        // A scan, a search or an undo is a few hundred bytes: nothing bigger is read at all.
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn(headers))
        .with_state(app)
}

/// An answer refused or failed: a status and a sentence for the page.
pub(super) struct Refusal(pub(super) StatusCode, pub(super) String);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.0, axum::Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

impl From<crate::error::Error> for Refusal {
    fn from(e: crate::error::Error) -> Refusal {
        // The full text goes to the server's terminal; the page gets a sentence without paths.
        eprintln!("papila serve: {e}");
        Refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Server gagal menyimpan atau membaca data. Coba lagi; jika terus gagal, hubungi \
             petugas Dinas."
                .into(),
        )
    }
}

pub(super) fn forbidden() -> Refusal {
    Refusal(
        StatusCode::FORBIDDEN,
        "Kode ini tidak berlaku untuk halaman ini. Masuk dengan kode stasiun kantor ini.".into(),
    )
}

/// The largest request body read, in bytes.
const MAX_BODY: usize = 16 * 1024;

/// The open session a request carries, if any.
pub(super) fn session(app: &App, headers: &HeaderMap) -> Option<Session> {
    let cookies = headers.get(header::COOKIE)?.to_str().ok()?;
    let value = cookies
        .split(';')
        .filter_map(|c| c.trim().strip_prefix("papila="))
        .next()?;
    app.sessions.of_cookie(value, &text::stamp(app.now()))
}

/// The session of a POST, which must carry its CSRF token in `X-CSRF-Token`.
pub(super) fn posting(app: &App, headers: &HeaderMap) -> Result<Session, Refusal> {
    let session = session(app, headers).ok_or_else(signed_out)?;
    let token = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !app.keys.csrf_ok(&session.cookie, token) {
        return Err(Refusal(
            StatusCode::FORBIDDEN,
            "Permintaan ditolak (token keamanan salah). Muat ulang halaman.".into(),
        ));
    }
    Ok(session)
}

/// No open session: never signed in here, signed out, expired, or its code made anew.
pub(super) fn signed_out() -> Refusal {
    Refusal(
        StatusCode::UNAUTHORIZED,
        "Sesi sudah berakhir. Masuk lagi dengan kode kantor ini; pindaian yang menunggu dikirim \
         sesudahnya."
            .into(),
    )
}

/// The calls (`/api/…`) and downloads (`/unduh/…`) need an open session, checked before the
/// handler runs and so before a body is read: a stranger's device on the LAN makes the server
/// hold nothing.
async fn signed_in(
    State(app): State<App>,
    request: axum::extract::Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let guarded = path.starts_with("/api/") || path.starts_with("/unduh/");
    if guarded && session(&app, request.headers()).is_none() {
        return signed_out().into_response();
    }
    next.run(request).await
}

/// A page: the embedded HTML with its placeholders filled by escaped text.
pub(super) fn page(html: &str, fills: &[(&str, &str)]) -> Response {
    let mut out = html.to_string();
    for (key, value) in fills {
        out = out.replace(&format!("{{{{{key}}}}}"), &escape(value));
    }
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], out).into_response()
}

/// Text made safe to stand in HTML, in an element or a quoted attribute.
pub(super) fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            c => s.push(c),
        }
    }
    s
}

const SIGN_IN: &str = include_str!("../../assets/web/masuk.html");

#[derive(serde::Deserialize)]
pub(super) struct Code {
    kode: Option<String>,
    /// The sign-in form's CSRF token (its cookie's pair).
    token: Option<String>,
}

/// The sign-in form, with `message` above it: a fresh random cookie for the form and its CSRF
/// token in a hidden field, so a sign-in can only be posted from this page (double submit).
fn sign_in_form(app: &App, status: StatusCode, message: &str) -> Response {
    let mut nonce = [0u8; 16];
    if getrandom::fill(&mut nonce).is_err() {
        return Refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Server tidak dapat membuat halaman masuk. Coba lagi.".into(),
        )
        .into_response();
    }
    let nonce = data_encoding::HEXLOWER.encode(&nonce);
    let mut response = (
        status,
        page(
            SIGN_IN,
            &[("pesan", message), ("token", &app.keys.csrf(&nonce))],
        ),
    )
        .into_response();
    let secure = if app.secure { "; Secure" } else { "" };
    if let Ok(v) = HeaderValue::from_str(&format!(
        "papila_masuk={nonce}; Path=/masuk; HttpOnly; SameSite=Strict{secure}"
    )) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// The sign-in page; with `?kode=` (a station's link), signs in at once.
async fn sign_in_page(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Query(q): Query<Code>,
) -> Response {
    match q.kode {
        Some(code) => sign_in_with(&app, peer, &code).await,
        None => sign_in_form(&app, StatusCode::OK, ""),
    }
}

async fn sign_in(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<Code>,
) -> Response {
    let nonce = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| {
            c.split(';')
                .find_map(|c| c.trim().strip_prefix("papila_masuk="))
        })
        .unwrap_or("");
    if nonce.is_empty() || !app.keys.csrf_ok(nonce, form.token.as_deref().unwrap_or("")) {
        return sign_in_form(
            &app,
            StatusCode::FORBIDDEN,
            "Halaman masuk sudah kedaluwarsa. Ketik kodenya lagi.",
        );
    }
    sign_in_with(&app, peer, form.kode.as_deref().unwrap_or("")).await
}

/// Signs a device in with `code`: a session of its own, kept in the ledger, for `SESSION_HOURS`.
async fn sign_in_with(app: &App, peer: SocketAddr, code: &str) -> Response {
    if !app.logins.allow(&peer.ip().to_string()) {
        return sign_in_form(
            app,
            StatusCode::TOO_MANY_REQUESTS,
            "Terlalu banyak percobaan. Tunggu satu menit, lalu coba lagi.",
        );
    }
    let code: String = code.chars().take(64).collect();
    let roles = app.roles();
    let Some(role) = app
        .keys
        .role_of_code(&code, roles.iter().map(|(r, e)| (r, *e)))
    else {
        return sign_in_form(
            app,
            StatusCode::FORBIDDEN,
            "Kode tidak dikenal. Periksa kode dari petugas Dinas.",
        );
    };
    let target = match &role {
        Role::District => "/".to_string(),
        Role::Station(office) => format!("/stasiun/{office}"),
    };
    let Some(value) = new_cookie() else {
        return Refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Server tidak dapat membuat sesi. Coba lagi.".into(),
        )
        .into_response();
    };
    let now = app.now();
    let stored = StoredSession {
        token_hash: cookie_hash(&value),
        role: role.label(),
        expires_at: text::stamp(now + chrono::Duration::hours(SESSION_HOURS)),
    };
    let (hash, expires) = (stored.token_hash.clone(), stored.expires_at.clone());
    let kept = app
        .ledger(move |app, ledger| ledger.start_session(&stored, &text::stamp(app.now())))
        .await;
    if let Err(e) = kept {
        return Refusal::from(e).into_response();
    }
    app.sessions
        .insert(hash, role.clone(), expires, &text::stamp(now));
    let secure = if app.secure { "; Secure" } else { "" };
    let cookie = format!(
        "papila={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        SESSION_HOURS * 3600
    );
    let mut response = Redirect::to(&target).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

/// Ends this device's session, on the server too: the cookie opens nothing any more.
async fn sign_out(State(app): State<App>, headers: HeaderMap) -> Response {
    let session = match posting(&app, &headers) {
        Ok(s) => s,
        Err(refusal) => return refusal.into_response(),
    };
    let hash = cookie_hash(&session.cookie);
    app.sessions.remove(&hash);
    let ended = app
        .ledger(move |app, ledger| ledger.end_session(&hash, &text::stamp(app.now())))
        .await;
    if let Err(e) = ended {
        return Refusal::from(e).into_response();
    }
    let mut response = Redirect::to("/masuk").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("papila=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    response
}

/// The embedded files pages load, by name.
const ASSETS: &[(&str, &str, &str)] = &[
    (
        "papila.css",
        "text/css; charset=utf-8",
        include_str!("../../assets/web/papila.css"),
    ),
    (
        "stasiun.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/web/stasiun.js"),
    ),
    (
        "distrik.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/web/distrik.js"),
    ),
    (
        "jsQR.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/web/vendor/jsqr/jsQR.js"),
    ),
    (
        "jsQR-LICENSE.txt",
        "text/plain; charset=utf-8",
        include_str!("../../assets/web/vendor/jsqr/LICENSE"),
    ),
    (
        "bunyi.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/web/bunyi.js"),
    ),
];

async fn asset(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, kind, body)) => (
            [
                (header::CONTENT_TYPE, *kind),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *body,
        )
            .into_response(),
        None => not_found().await.into_response(),
    }
}

/// The station-local CA's certificate (public), for phones to trust.
async fn ca(State(app): State<App>) -> Response {
    let path = app.config.dir.join("serve").join("ca.pem");
    match (app.secure, std::fs::read(&path)) {
        (true, Ok(bytes)) => (
            [(header::CONTENT_TYPE, "application/x-x509-ca-cert")],
            bytes,
        )
            .into_response(),
        _ => not_found().await.into_response(),
    }
}

async fn not_found() -> Refusal {
    Refusal(StatusCode::NOT_FOUND, "Halaman tidak ada.".into())
}

/// Headers on every answer: no framing, no sniffing, scripts and styles from this server only,
/// the camera for this site only, nothing cached but the assets.
async fn headers(request: axum::extract::Request, next: Next) -> Response {
    let is_asset = request.uri().path().starts_with("/aset/");
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    let set = [
        (
            "content-security-policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
             media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors 'none'",
        ),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        (
            "permissions-policy",
            "camera=(self), microphone=(), geolocation=()",
        ),
        ("cross-origin-opener-policy", "same-origin"),
    ];
    for (name, value) in set {
        h.insert(name, HeaderValue::from_static(value));
    }
    if !is_asset {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
