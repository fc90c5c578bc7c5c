//! HTTPS for `papila serve --tls`: phones allow the camera only on HTTPS (or localhost), and a
//! LAN has no public name to get a certificate for. So papila keeps a small CA of its own beside
//! the config (`serve/ca.pem`, its key owner-only), which each phone trusts once, and signs a
//! server certificate for this machine's names at every start.

use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::path::{Path, PathBuf};

use axum_server::tls_rustls::RustlsConfig;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};

use crate::config::Config;
use crate::error::{Error, Result};

pub(super) struct Tls {
    pub(super) rustls: RustlsConfig,
    /// The CA certificate phones install.
    pub(super) ca: PathBuf,
}

/// The CA (made on first use) and a fresh server certificate for `listen`'s names.
pub(super) async fn config(config: &Config, listen: SocketAddr) -> Result<Tls> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = config.dir.join("serve");
    crate::output::ensure_dir(&dir)?;
    let (ca_path, ca_key) = ca(config, &dir)?;
    let mut names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
    if !listen.ip().is_unspecified() {
        names.push(listen.ip().to_string());
    }
    if let Some(lan) = lan_address() {
        names.push(lan);
    }
    names.dedup();
    let mut params = CertificateParams::new(names).map_err(tls_error)?;
    params
        .distinguished_name
        .push(DnType::CommonName, "papila serve");
    let key = KeyPair::generate().map_err(tls_error)?;
    let issuer = Issuer::new(ca_params(config), ca_key);
    let cert = params.signed_by(&key, &issuer).map_err(tls_error)?;
    let rustls = RustlsConfig::from_pem(cert.pem().into_bytes(), key.serialize_pem().into_bytes())
        .await
        .map_err(|e| Error::io("use the certificate in", &dir, e))?;
    Ok(Tls {
        rustls,
        ca: ca_path,
    })
}

/// The CA's name: the same at every start, so certificates made later chain to the one phones
/// trust.
fn ca_params(config: &Config) -> CertificateParams {
    let mut params = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(
        DnType::CommonName,
        format!("papila {} (stasiun lokal)", config.campaign.id),
    );
    params.distinguished_name = name;
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params
}

/// The CA's certificate path and key, made once.
fn ca(config: &Config, dir: &Path) -> Result<(PathBuf, KeyPair)> {
    let cert_path = dir.join("ca.pem");
    let key_path = dir.join("ca-key.pem");
    if key_path.exists() && cert_path.exists() {
        let pem = crate::output::read_bounded(&key_path, 64 * 1024)
            .map_err(|e| Error::io("read", &key_path, e))?;
        let key = KeyPair::from_pem(&pem).map_err(|e| Error::BadKey {
            path: key_path.clone(),
            reason: t!("serve-ca-key", problem = e.to_string()),
        })?;
        return Ok((cert_path, key));
    }
    let key = KeyPair::generate().map_err(tls_error)?;
    let cert = ca_params(config).self_signed(&key).map_err(tls_error)?;
    crate::output::write_private(&key_path, key.serialize_pem().as_bytes())?;
    std::fs::write(&cert_path, cert.pem()).map_err(|e| Error::io("write", &cert_path, e))?;
    Ok((cert_path, key))
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
