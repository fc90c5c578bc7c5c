//! `papila serve`: the web check-in station of each office and the district's live view, served
//! from one process on the office LAN, over the campaign's ledger.
//!
//! - `access`: codes, sessions, CSRF tokens, rate limits;
//! - `station`: a station's page and its calls (scan, search, undo, counters);
//! - `district`: the district view and the report files it offers;
//! - `web`: the embedded pages, scripts and styles, the security headers, errors as JSON;
//! - `tls`: the station-local CA and the server certificate for `--tls`.
//!
//! One ledger connection behind a mutex is the one writer; each scan is judged and recorded under
//! it, so two stations scanning one person at once give one `valid` and one `already_checked_in`.
//! An answer is sent only after its transaction is committed (synchronous = FULL): a killed
//! server loses no check-in a station was told of.

mod access;
mod district;
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

use access::{Keys, Limiter, Role};

/// What `serve` was asked.
pub(crate) struct Options {
    pub(crate) listen: SocketAddr,
    pub(crate) tls: bool,
    /// The day stations check in for, when fixed (a rehearsal, the tests).
    pub(crate) today: Option<NaiveDate>,
    /// The time of day the clock starts at, when fixed (the tests): it runs on from there.
    pub(crate) time: Option<NaiveTime>,
    pub(crate) out: PathBuf,
}

/// What every request shares.
pub(crate) struct Shared {
    config: Config,
    ledger: Mutex<Ledger>,
    key: VerifyingKey,
    keys: Keys,
    run: i64,
    today: Option<NaiveDate>,
    /// A fixed start time and when the server started.
    time: Option<(NaiveTime, Instant)>,
    out: PathBuf,
    secure: bool,
    /// Which office's figures changed: the pages' live updates.
    events: broadcast::Sender<String>,
    logins: Limiter,
    searches: Limiter,
    /// The district view's coverage and when it was counted.
    coverage: Mutex<Option<(Instant, district::Coverage)>>,
}

type App = Arc<Shared>;

impl Shared {
    /// Now, in the campaign's time zone, on the fixed day if there is one.
    fn now(&self) -> NaiveDateTime {
        let now = self.config.campaign.timezone.now();
        let now = match self.time {
            Some((start, since)) => {
                let elapsed = chrono::Duration::from_std(since.elapsed()).unwrap_or_default();
                now.date().and_time(start) + elapsed
            }
            None => now,
        };
        match self.today {
            Some(day) => day.and_time(now.time()),
            None => now,
        }
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

/// Opens the campaign and serves until Ctrl-C.
pub(crate) fn serve(config: Config, options: Options) -> Result<()> {
    let signing = crate::keys::of_campaign(&config, t!("why-key-station"))?;
    let ledger = Ledger::open_planned(&config)?;
    ledger.for_stations()?;
    let run = ledger.begin_run("serve")?;
    let keys = Keys::new(&signing.to_bytes(), &config.campaign.id);
    let (events, _) = broadcast::channel(256);
    let app = Arc::new(Shared {
        key: signing.verifying_key(),
        keys,
        ledger: Mutex::new(ledger),
        run,
        today: options.today,
        time: options.time.map(|t| (t, Instant::now())),
        out: options.out.clone(),
        secure: options.tls,
        events,
        logins: Limiter::new(20, Duration::from_secs(60)),
        searches: Limiter::new(12, Duration::from_secs(60)),
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
    let served = if options.tls {
        let tls = tls::config(&app.config, options.listen).await?;
        let ca = tls.ca.clone();
        tell_when_bound(&app, &handle, scheme, Some(ca));
        axum_server::bind_rustls(options.listen, tls.rustls)
            .handle(handle)
            .serve(service)
            .await
    } else {
        tell_when_bound(&app, &handle, scheme, None);
        axum_server::bind(options.listen)
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

/// Announces the address and codes once the port is open (`--listen …:0` picks a free one).
fn tell_when_bound(
    app: &App,
    handle: &axum_server::Handle<SocketAddr>,
    scheme: &'static str,
    ca: Option<PathBuf>,
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
fn announce(app: &Shared, scheme: &str, bound: SocketAddr, ca: Option<&PathBuf>) {
    let host = match bound.ip() {
        ip if ip.is_unspecified() => tls::lan_address().unwrap_or_else(|| "127.0.0.1".into()),
        ip => ip.to_string(),
    };
    let base = format!("{scheme}://{host}:{}", bound.port());
    let mut s = format!("papila serve: {}\n", t!("serve-ready", base = &base));
    let line = |who: String, role: &Role| {
        let code = app.keys.code(role);
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
    if let Some(ca) = ca {
        s.push_str(&format!("{}\n", t!("serve-https", ca = ca, base = &base)));
    }
    print!("{s}");
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
}
