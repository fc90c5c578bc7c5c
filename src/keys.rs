//! The campaign's Ed25519 signing key: made by `papila keygen` as PKCS#8 PEM (owner-only), with its
//! public half beside it. The secret never reaches a log, a report or an error message.

use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::{SigningKey, VerifyingKey};

use crate::error::{Error, Result};
use crate::output::create_new_private;

/// Where the public half of a key is written.
pub(crate) fn public_path(secret: &Path) -> PathBuf {
    let mut name = secret.file_name().unwrap_or_default().to_os_string();
    name.push(".pub");
    secret.with_file_name(name)
}

/// Writes a fresh key to `path` (mode 0600) and its public half to `path.pub`. Refuses to overwrite
/// either: a replaced key makes every printed letter unverifiable.
pub fn generate(path: &Path) -> Result<PathBuf> {
    let public = public_path(path);
    for p in [path, public.as_path()] {
        if p.exists() {
            return Err(Error::WouldOverwrite {
                path: p.to_path_buf(),
                hint: t!("key-would-overwrite-hint"),
            });
        }
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::output::ensure_dir(dir)?;
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| {
        Error::io(
            "generate a key for",
            path,
            std::io::Error::other(e.to_string()),
        )
    })?;
    let key = SigningKey::from_bytes(&seed);
    let secret_pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| Error::io("encode", path, std::io::Error::other(e.to_string())))?;
    let public_pem = key
        .verifying_key()
        .to_public_key_pem(LineEnding::LF)
        .map_err(|e| Error::io("encode", &public, std::io::Error::other(e.to_string())))?;
    let mut f = create_new_private(path)?;
    f.write_all(secret_pem.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| Error::io("write", path, e))?;
    std::fs::write(&public, public_pem).map_err(|e| Error::io("write", &public, e))?;
    Ok(public)
}

/// Reads a key written by `generate`. The error never quotes the file's content.
pub fn load(path: &Path) -> Result<SigningKey> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
    SigningKey::from_pkcs8_pem(&text).map_err(|_| Error::BadKey {
        path: path.to_path_buf(),
        reason: t!("key-not-private"),
    })
}

/// Reads a public key written by `generate` (`PATH.pub`), for checking tokens without the secret.
pub fn load_public(path: &Path) -> Result<VerifyingKey> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
    VerifyingKey::from_public_key_pem(&text).map_err(|_| Error::BadKey {
        path: path.to_path_buf(),
        reason: if text.contains("PRIVATE KEY") {
            t!("key-secret-not-public")
        } else {
            t!("key-not-public")
        },
    })
}

/// The campaign's signing key, from `[signing] key`. `why` says what needs it, for the error when
/// the config has no `[signing]` section.
pub(crate) fn of_campaign(config: &crate::config::Config, why: String) -> Result<SigningKey> {
    match &config.signing {
        Some(signing) => load(&signing.key),
        None => Err(Error::NeedsSetting {
            file: config.path.clone(),
            section: "signing",
            why,
            example: format!(
                "[signing]\nkey = \"keys/papila.key\"   # {}",
                t!("example-signing-made-by")
            ),
        }),
    }
}
