//! `papila serve`: the web check-in station of each office and the district's live view, served
//! from one process on the office LAN, over the campaign's ledger.
//!
//! - `access`: codes, sessions, CSRF tokens, rate limits;
//! - `station`: a station's page and its calls (scan, search, undo, counters);
//! - `district`: the district view and the report files it offers;
//! - `web`: the embedded pages, scripts and styles, the security headers, errors as JSON;
//! - `tls`: the station-local CA and the server certificate for `--tls`;
//! - `limits`: connections in all and per address, and how long a request's head may take.
//!
//! One ledger connection behind a mutex is the one writer; each scan is judged and recorded under
//! it, so two stations scanning one person at once give one `valid` and one `already_checked_in`.
//! An answer is sent only after its transaction is committed (synchronous = FULL): a killed
//! server loses no check-in a station was told of.

mod access;
mod district;
mod limits;
mod search;
mod station;
mod tls;
mod web;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use ed25519_dalek::VerifyingKey;
use tokio::sync::broadcast;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::ledger::Ledger;

use access::{Keys, Limiter, Role, Sessions};

/// What `serve` was asked.
pub(crate) struct Options {
    pub(crate) listen: SocketAddr,
    pub(crate) tls: bool,
    /// The day stations check in for, when fixed (a rehearsal, the tests).
    pub(crate) today: Option<NaiveDate>,
    /// The time of day the clock starts at, when fixed (the tests): it runs on from there.
    pub(crate) time: Option<NaiveTime>,
    pub(crate) out: PathBuf,
    /// Roles whose code is made anew before serving (`--new-code`): `distrik` or an office id.
    pub(crate) new_codes: Vec<String>,
}

/// What every request shares.
pub(crate) struct Shared {
    config: Config,
    ledger: Mutex<Ledger>,
    key: VerifyingKey,
    keys: Keys,
    /// The secret a walk-in's new invitation id is keyed with (as `plan`'s).
    id_secret: [u8; 32],
    run: i64,
    today: Option<NaiveDate>,
    /// A fixed start time and when the server started.
    time: Option<(NaiveTime, Instant)>,
    out: PathBuf,
    secure: bool,
    /// Which office's figures changed: the pages' live updates.
    events: broadcast::Sender<String>,
    /// Each role's code epoch (a new code moves it on), by role label.
    epochs: std::collections::HashMap<String, u32>,
    /// The signed-in devices.
    sessions: Sessions,
    logins: Limiter,
    searches: Limiter,
    /// Ids typed by hand, per session.
    typed: Limiter,
    /// Typed ids no invitation has, per session: a burst of them is someone trying ids.
    unknown: Limiter,
    /// The district view's coverage and when it was counted.
    coverage: Mutex<Option<(Instant, district::Coverage)>>,
}

type App = Arc<Shared>;

impl Shared {
    /// Now, in the campaign's time zone, on the fixed day if there is one.
    fn now(&self) -> NaiveDateTime {
        now_of(&self.config, self.today, self.time)
    }

    /// Runs `f` with the ledger, off the async threads.
    async fn ledger<T, F>(self: &Arc<Self>, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Shared, &Ledger) -> Result<T> + Send + 'static,
    {
        let app = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let ledger = app.ledger.lock().unwrap_or_else(|e| e.into_inner());
            f(&app, &ledger)
        })
        .await
        .map_err(|e| Error::Blocked {
            message: t!("serve-request-stopped", problem = e.to_string()),
            hint: t!("serve-request-stopped-hint"),
        })?
    }

    fn office_ids(&self) -> impl Iterator<Item = &str> {
        self.config.offices.iter().map(|o| o.id.as_str())
    }

    /// Every role with its code's epoch.
    fn roles(&self) -> Vec<(Role, u32)> {
        std::iter::once(Role::District)
            .chain(
                self.config
                    .offices
                    .iter()
                    .map(|o| Role::Station(o.id.clone())),
            )
            .map(|r| {
                let epoch = self.epochs.get(&r.label()).copied().unwrap_or(0);
                (r, epoch)
            })
            .collect()
    }

    /// The code that opens `role` now.
    fn code(&self, role: &Role) -> String {
        self.keys
            .code(role, self.epochs.get(&role.label()).copied().unwrap_or(0))
    }

    fn has_office(&self, id: &str) -> bool {
        self.config.offices.iter().any(|o| o.id == id)
    }

    fn office_name(&self, id: &str) -> String {
        self.config
            .offices
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// The name a station's check-ins are recorded under.
    fn station_of(office: &str) -> String {
        format!("web:{office}")
    }
}

/// Ids a session may type in a minute: a person typing off a letter manages a few; a station
/// scanning QR codes types none (signed codes are not counted).
const TYPED_PER_MINUTE: u32 = 30;
/// Typed ids that no invitation has, per session in `UNKNOWN_IDS_WINDOW` seconds, before the
/// session may type no more ids for the rest of that window: a few typing mistakes pass, someone
/// trying ids does not.
const UNKNOWN_IDS: u32 = 10;
const UNKNOWN_IDS_WINDOW: u64 = 10 * 60;

/// Every role a code can open: the district and each office's station.
fn roles_of(config: &Config) -> Vec<Role> {
    std::iter::once(Role::District)
        .chain(config.offices.iter().map(|o| Role::Station(o.id.clone())))
        .collect()
}

/// The server's clock before the server is made (its sessions' expiry is read against it).
struct Clock<'a> {
    config: &'a Config,
    today: Option<NaiveDate>,
    time: Option<(NaiveTime, Instant)>,
}

impl Clock<'_> {
    fn now(&self) -> NaiveDateTime {
        now_of(self.config, self.today, self.time)
    }
}

/// Now in the campaign's time zone, from a fixed time of day and on a fixed day if given.
fn now_of(
    config: &Config,
    today: Option<NaiveDate>,
    time: Option<(NaiveTime, Instant)>,
) -> NaiveDateTime {
    let now = config.campaign.timezone.now();
    let now = match time {
        Some((start, since)) => {
            let elapsed = chrono::Duration::from_std(since.elapsed()).unwrap_or_default();
            now.date().and_time(start) + elapsed
        }
        None => now,
    };
    match today {
        Some(day) => day.and_time(now.time()),
        None => now,
    }
}

/// Opens the campaign and serves until Ctrl-C.
pub(crate) fn serve(config: Config, options: Options) -> Result<()> {
    let signing = crate::keys::of_campaign(&config, t!("why-key-station"))?;
    let ledger = Ledger::open_planned(&config)?;
    ledger.for_stations()?;
    let run = ledger.begin_run("serve")?;
    let keys = Keys::new(&signing.to_bytes(), &config.campaign.id);
    let clock = Clock {
        config: &config,
        today: options.today,
        time: options.time.map(|t| (t, Instant::now())),
    };
    let now = crate::text::stamp(clock.now());
    let roles = roles_of(&config);
    for who in &options.new_codes {
        let role = roles
            .iter()
            .find(|r| match r {
                Role::District => matches!(who.as_str(), "dinas" | "distrik" | "district"),
                Role::Station(o) => o == who,
            })
            .ok_or_else(|| Error::Blocked {
                message: t!(
                    "serve-new-code-who",
                    who = crate::text::cut(who, 40).into_owned()
                ),
                hint: t!("serve-new-code-who-hint"),
            })?;
        ledger.new_code_epoch(&role.label(), &now)?;
        eprintln!(
            "papila serve: {}",
            t!("serve-new-code-made", who = who.as_str())
        );
    }
    let mut epochs = std::collections::HashMap::new();
    for role in &roles {
        epochs.insert(role.label(), ledger.code_epoch(&role.label())?);
    }
    let sessions = Sessions::default();
    for s in ledger.open_sessions(&now)? {
        if let Some(role) = Role::of_label(&s.role) {
            sessions.insert(s.token_hash, role, s.expires_at, &now);
        }
    }
    let (events, _) = broadcast::channel(256);
    let app = Arc::new(Shared {
        key: signing.verifying_key(),
        id_secret: crate::ids::secret_of_signing_key(&signing.to_bytes()),
        keys,
        ledger: Mutex::new(ledger),
        run,
        today: options.today,
        time: clock.time,
        out: options.out.clone(),
        secure: options.tls,
        events,
        epochs,
        sessions,
        logins: Limiter::new(20, Duration::from_secs(60)),
        searches: Limiter::new(12, Duration::from_secs(60)),
        typed: Limiter::new(TYPED_PER_MINUTE, Duration::from_secs(60)),
        unknown: Limiter::new(UNKNOWN_IDS, Duration::from_secs(UNKNOWN_IDS_WINDOW)),
        coverage: Mutex::new(None),
        config,
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Blocked {
            message: t!("serve-start", problem = e.to_string()),
            hint: t!("serve-start-hint"),
        })?;
    runtime.block_on(listen(app, options))
}

async fn listen(app: App, options: Options) -> Result<()> {
    let router = web::router(Arc::clone(&app));
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    let scheme = if options.tls { "https" } else { "http" };
    let handle = axum_server::Handle::<SocketAddr>::new();
    let stop = handle.clone();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        stop.graceful_shutdown(Some(Duration::from_secs(5)));
    });
    let capped = limits::Capped::default();
    let served = if options.tls {
        let tls = tls::config(&app.config, options.listen).await?;
        let ca = (tls.ca.clone(), tls.fingerprint.clone());
        tell_when_bound(&app, &handle, scheme, Some(ca));
        let acceptor = axum_server::tls_rustls::RustlsAcceptor::new(tls.rustls)
            .handshake_timeout(limits::HEAD_TIMEOUT)
            .acceptor(capped);
        timed(axum_server::bind(options.listen).acceptor(acceptor))
            .handle(handle)
            .serve(service)
            .await
    } else {
        tell_when_bound(&app, &handle, scheme, None);
        timed(axum_server::bind(options.listen).acceptor(capped))
            .handle(handle)
            .serve(service)
            .await
    };
    served.map_err(|e| Error::Blocked {
        message: t!(
            "serve-listen",
            address = options.listen.to_string(),
            problem = e.to_string()
        ),
        hint: t!("serve-listen-hint"),
    })?;
    eprintln!("papila serve: {}", t!("serve-stopped"));
    Ok(())
}

/// A server whose connections must send a request's head within `limits::HEAD_TIMEOUT`, the
/// first and every later one.
fn timed<A: axum_server::Address, Acc>(
    server: axum_server::Server<A, Acc>,
) -> axum_server::Server<A, Acc> {
    let mut server = server.first_request_timeout(limits::HEAD_TIMEOUT);
    server
        .http_builder()
        .http1()
        .header_read_timeout(limits::HEAD_TIMEOUT);
    server
}

/// Announces the address and codes once the port is open (`--listen …:0` picks a free one).
fn tell_when_bound(
    app: &App,
    handle: &axum_server::Handle<SocketAddr>,
    scheme: &'static str,
    ca: Option<(PathBuf, String)>,
) {
    let app = Arc::clone(app);
    let handle = handle.clone();
    tokio::spawn(async move {
        if let Some(bound) = handle.listening().await {
            announce(&app, scheme, bound, ca.as_ref());
        }
    });
}

/// Prints where to go and the codes: staff hand each station its link (or code).
fn announce(app: &Shared, scheme: &str, bound: SocketAddr, ca: Option<&(PathBuf, String)>) {
    let host = match bound.ip() {
        ip if ip.is_unspecified() => tls::lan_address().unwrap_or_else(|| "127.0.0.1".into()),
        ip => ip.to_string(),
    };
    let base = format!("{scheme}://{host}:{}", bound.port());
    let mut s = format!("papila serve: {}\n", t!("serve-ready", base = &base));
    let line = |who: String, role: &Role| {
        let code = app.code(role);
        format!(
            "  {who:<44} {} {code}  {base}/masuk?kode={code}\n",
            t!("serve-code")
        )
    };
    s.push_str(&line(t!("serve-district"), &Role::District));
    for office in &app.config.offices {
        s.push_str(&line(
            t!(
                "serve-station",
                office = &office.id,
                name = crate::text::cut(&office.name, 28).into_owned()
            ),
            &Role::Station(office.id.clone()),
        ));
    }
    s.push_str(&format!("{}\n", t!("serve-codes-hint")));
    if let Some((ca, fingerprint)) = ca {
        s.push_str(&format!(
            "{}\n",
            t!(
                "serve-https",
                ca = ca,
                base = &base,
                fingerprint = fingerprint.as_str()
            )
        ));
    }
    print!("{s}");
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
}
