//! HTTPS for `papila serve --tls`: phones allow the camera only on HTTPS (or localhost), and a
//! LAN has no public name to get a certificate for. So papila keeps a small CA of its own beside
//! the config (`serve/ca.pem`, its key owner-only), which each phone trusts once, and signs a
//! server certificate for this machine's names at every start.
//!
//! A phone that trusts the CA trusts whatever it signs, so the CA is held to what a station is:
//! name constraints permit only private and loopback addresses and local host names (a
//! certificate for any public site made with its key does not verify), it lives two years, and
//! the server certificate 30 days, for `serverAuth` only. Its name says nothing of the campaign.

use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::path::{Path, PathBuf};

use axum_server::tls_rustls::RustlsConfig;
use chrono::Datelike;
use rcgen::{
    BasicConstraints, CertificateParams, CidrSubnet, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, GeneralSubtree, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    NameConstraints,
};
use sha2::Digest;

use crate::config::Config;
use crate::error::{Error, Result};

pub(super) struct Tls {
    pub(super) rustls: RustlsConfig,
    /// The CA certificate phones install.
    pub(super) ca: PathBuf,
    /// Its SHA-256 fingerprint, as phones show it (`AB:CD:…`), to check on the phone.
    pub(super) fingerprint: String,
}

/// The CA's name: the same at every start, so certificates made later chain to the one phones
/// trust; nothing of the campaign in it (it is served to anyone who asks).
const CA_NAME: &str = "papila stasiun lokal";
/// How long a new CA lives, and the server certificate made at each start.
const CA_DAYS: i64 = 2 * 365;
const SERVER_DAYS: i64 = 30;

/// The CA (made on first use) and a fresh server certificate for `listen`'s names.
pub(super) async fn config(config: &Config, listen: SocketAddr) -> Result<Tls> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = config.dir.join("serve");
    crate::output::ensure_dir(&dir)?;
    let (ca_path, ca_key) = ca(&dir)?;
    let mut names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
    let mut addresses = vec![];
    if !listen.ip().is_unspecified() {
        addresses.push(listen.ip());
    }
    if let Some(lan) = lan_address().and_then(|a| a.parse().ok()) {
        addresses.push(lan);
    }
    for ip in addresses {
        // The CA vouches for local addresses only: one outside them would void the certificate.
        if is_local(ip) {
            names.push(ip.to_string());
        } else {
            eprintln!(
                "papila serve: {}",
                t!("serve-address-not-local", address = ip.to_string())
            );
        }
    }
    if let Some(host) = host_name() {
        names.push(format!("{host}.local"));
    }
    names.dedup();
    let mut params = CertificateParams::new(names).map_err(tls_error)?;
    params
        .distinguished_name
        .push(DnType::CommonName, "papila serve");
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    set_validity(&mut params, SERVER_DAYS);
    let key = KeyPair::generate().map_err(tls_error)?;
    let issuer = Issuer::new(ca_params(), ca_key);
    let cert = params.signed_by(&key, &issuer).map_err(tls_error)?;
    let rustls = RustlsConfig::from_pem(cert.pem().into_bytes(), key.serialize_pem().into_bytes())
        .await
        .map_err(|e| Error::io("use the certificate in", &dir, e))?;
    let pem = std::fs::read_to_string(&ca_path).map_err(|e| Error::io("read", &ca_path, e))?;
    Ok(Tls {
        rustls,
        fingerprint: fingerprint(&pem).unwrap_or_default(),
        ca: ca_path,
    })
}

/// Valid from a day ago (a phone's clock a little behind) to `days` from now.
fn set_validity(params: &mut CertificateParams, days: i64) {
    let day = |d: chrono::NaiveDate| rcgen::date_time_ymd(d.year(), d.month() as u8, d.day() as u8);
    let today = chrono::Utc::now().date_naive();
    params.not_before = day(today - chrono::Duration::days(1));
    params.not_after = day(today + chrono::Duration::days(days));
}

/// The CA: a station CA, constrained to the names a station on a LAN has.
fn ca_params() -> CertificateParams {
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, CA_NAME);
    params.distinguished_name = name;
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ip = |addr: &str, prefix: u8| {
        GeneralSubtree::IpAddress(CidrSubnet::from_addr_prefix(
            addr.parse().expect("a written address"),
            prefix,
        ))
    };
    let permitted = vec![
        ip("10.0.0.0", 8),
        ip("172.16.0.0", 12),
        ip("192.168.0.0", 16),
        ip("127.0.0.0", 8),
        ip("169.254.0.0", 16),
        // Carrier-grade NAT: a phone's hotspot often hands these out.
        ip("100.64.0.0", 10),
        ip("::1", 128),
        ip("fc00::", 7),
        ip("fe80::", 10),
        GeneralSubtree::DnsName("localhost".into()),
        // This machine as `<name>.local` (mDNS): a bare host name is not permitted, since the
        // campaign folder may move to a machine of another name.
        GeneralSubtree::DnsName("local".into()),
    ];
    params.name_constraints = Some(NameConstraints {
        permitted_subtrees: permitted,
        excluded_subtrees: vec![],
    });
    set_validity(&mut params, CA_DAYS);
    params
}

/// Whether the CA's name constraints permit `ip`: private, loopback, link-local or shared
/// (carrier-grade NAT) addresses, IPv4 or IPv6.
fn is_local(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            v6.is_loopback() || (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80
        }
    }
}

/// This machine's name, when it is one label (a name with dots could be anyone's site).
fn host_name() -> Option<String> {
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .ok()?;
    let name = name.trim().to_ascii_lowercase();
    (!name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    .then_some(name)
}

/// The CA's certificate path and key: made once; never replaced silently.
fn ca(dir: &Path) -> Result<(PathBuf, KeyPair)> {
    let cert_path = dir.join("ca.pem");
    let key_path = dir.join("ca-key.pem");
    match (key_path.exists(), cert_path.exists()) {
        (true, true) => {
            let pem = std::fs::read_to_string(&cert_path)
                .map_err(|e| Error::io("read", &cert_path, e))?;
            if constrained(&pem) {
                owner_only(&key_path)?;
                let pem = crate::output::read_bounded(&key_path, 64 * 1024)
                    .map_err(|e| Error::io("read", &key_path, e))?;
                let key = KeyPair::from_pem(&pem).map_err(|e| Error::BadKey {
                    path: key_path.clone(),
                    reason: t!("serve-ca-key", problem = e.to_string()),
                })?;
                return Ok((cert_path, key));
            }
            // A CA of an earlier papila vouches for any site: set aside (kept, not deleted),
            // and a constrained one made, said aloud.
            let aside = dir.join(format!(
                "lama-{}",
                chrono::Local::now().format("%Y%m%d-%H%M%S")
            ));
            crate::output::ensure_dir(&aside)?;
            for (from, name) in [(&cert_path, "ca.pem"), (&key_path, "ca-key.pem")] {
                std::fs::rename(from, aside.join(name)).map_err(|e| Error::io("move", from, e))?;
            }
            eprintln!(
                "papila serve: {}",
                t!("serve-ca-replaced", aside = aside.display().to_string())
            );
        }
        (true, false) => {
            return Err(Error::Blocked {
                message: t!("serve-ca-missing", cert = cert_path.display().to_string()),
                hint: t!(
                    "serve-ca-missing-hint",
                    key = key_path.display().to_string()
                ),
            });
        }
        _ => {}
    }
    let key = KeyPair::generate().map_err(tls_error)?;
    let cert = ca_params().self_signed(&key).map_err(tls_error)?;
    crate::output::write_private(&key_path, key.serialize_pem().as_bytes())?;
    std::fs::write(&cert_path, cert.pem()).map_err(|e| Error::io("write", &cert_path, e))?;
    Ok((cert_path, key))
}

/// Whether a CA certificate (PEM) carries name constraints (extension 2.5.29.30).
fn constrained(pem: &str) -> bool {
    der_of(pem).is_some_and(|der| der.windows(5).any(|w| w == [0x06, 0x03, 0x55, 0x1d, 0x1e]))
}

fn der_of(pem: &str) -> Option<Vec<u8>> {
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .concat();
    data_encoding::BASE64.decode(body.trim().as_bytes()).ok()
}

/// The SHA-256 fingerprint of a certificate (PEM) as phones show it.
fn fingerprint(pem: &str) -> Option<String> {
    let der = der_of(pem)?;
    Some(
        sha2::Sha256::digest(&der)
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<Vec<_>>()
            .join(":"),
    )
}

/// The CA key readable by others is warned of and made owner-only.
fn owner_only(key: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(key)
            .map_err(|e| Error::io("read", key, e))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            eprintln!(
                "papila serve: {}",
                t!(
                    "serve-ca-key-open",
                    key = key.display().to_string(),
                    mode = format!("{:o}", mode & 0o777)
                )
            );
            std::fs::set_permissions(key, std::fs::Permissions::from_mode(0o600))
                .map_err(|e| Error::io("protect", key, e))?;
        }
    }
    Ok(())
}

/// This machine's address on the LAN, as phones reach it: the source address of a route out (a
/// UDP socket connects without sending anything).
pub(super) fn lan_address() -> Option<String> {
    let socket = UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    match socket.local_addr().ok()?.ip() {
        IpAddr::V4(ip) if !ip.is_loopback() && !ip.is_unspecified() => Some(ip.to_string()),
        _ => None,
    }
}

fn tls_error(e: rcgen::Error) -> Error {
    Error::Blocked {
        message: t!("serve-certificate", problem = e.to_string()),
        hint: t!("serve-certificate-hint"),
    }
}
