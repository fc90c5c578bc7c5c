//! Who may do what on `papila serve`: a code per office's station and one for the district, the
//! session cookie a code buys, the CSRF token every POST must carry, and the rate limits on
//! guessing codes and on searching for people.
//!
//! Codes and cookies are derived from the campaign's signing key (keyed SHA-256 with a label per
//! use), not stored: a restarted server knows the same codes and the sessions phones already hold,
//! which a station whose network dropped needs to send its queue.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// What a session may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    /// Check people in at this office (by id) and see its counters.
    Station(String),
    /// See the district view; may also open any station (a supervisor).
    District,
}

impl Role {
    /// Whether this session may work the station of `office`.
    pub(crate) fn may_station(&self, office: &str) -> bool {
        match self {
            Role::Station(o) => o == office,
            Role::District => true,
        }
    }

    fn label(&self) -> String {
        match self {
            Role::Station(o) => format!("s:{o}"),
            Role::District => "d:".into(),
        }
    }
}

/// The secret all codes and cookies are derived from.
pub(crate) struct Keys {
    secret: [u8; 32],
}

/// Letters of a code: no 0/O or 1/I to misread off a sheet of paper.
const CODE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const CODE_LEN: usize = 10;

impl Keys {
    /// Keys of one campaign: from its signing key's secret bytes and its id.
    pub(crate) fn new(signing_secret: &[u8; 32], campaign_id: &str) -> Keys {
        let mut h = Sha256::new();
        h.update(b"papila serve access v1\0");
        h.update(signing_secret);
        h.update(campaign_id.as_bytes());
        Keys {
            secret: h.finalize().into(),
        }
    }

    fn mac(&self, label: &str, value: &str) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.secret);
        h.update((label.len() as u32).to_be_bytes());
        h.update(label.as_bytes());
        h.update(value.as_bytes());
        h.finalize().into()
    }

    /// The code staff type (or a link holds) to open a role's pages.
    pub(crate) fn code(&self, role: &Role) -> String {
        let mac = self.mac("code", &role.label());
        // 32 letters: 5 bits each, 50 bits in all.
        let mut bits = u64::from_be_bytes(mac[..8].try_into().unwrap_or_default());
        let mut code = String::with_capacity(CODE_LEN);
        for _ in 0..CODE_LEN {
            code.push(CODE_ALPHABET[(bits & 31) as usize] as char);
            bits >>= 5;
        }
        code
    }

    /// The role a typed code opens, if any: codes compared whole, in constant time.
    pub(crate) fn role_of_code<'a>(
        &self,
        typed: &str,
        offices: impl IntoIterator<Item = &'a str>,
    ) -> Option<Role> {
        let typed: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        let mut found = None;
        let roles = std::iter::once(Role::District)
            .chain(offices.into_iter().map(|o| Role::Station(o.to_string())));
        for role in roles {
            if same(self.code(&role).as_bytes(), typed.as_bytes()) {
                found = Some(role);
            }
        }
        found
    }

    /// The cookie value of a session of `role`: the role and its seal.
    pub(crate) fn cookie(&self, role: &Role) -> String {
        let label = role.label();
        format!("{label}.{}", hex(&self.mac("cookie", &label)[..16]))
    }

    /// The role a cookie value stands for, if its seal is right.
    pub(crate) fn role_of_cookie(&self, value: &str) -> Option<Role> {
        let (label, _) = value.rsplit_once('.')?;
        let role = match label.split_once(':')? {
            ("d", "") => Role::District,
            ("s", office) if !office.is_empty() => Role::Station(office.to_string()),
            _ => return None,
        };
        same(self.cookie(&role).as_bytes(), value.as_bytes()).then_some(role)
    }

    /// The CSRF token of a session: pages carry it, POSTs send it back in a header.
    pub(crate) fn csrf(&self, cookie: &str) -> String {
        hex(&self.mac("csrf", cookie)[..16])
    }

    /// Whether `token` is the CSRF token of the session `cookie`.
    pub(crate) fn csrf_ok(&self, cookie: &str, token: &str) -> bool {
        same(self.csrf(cookie).as_bytes(), token.as_bytes())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Equal, without telling by the time taken how much of a guess was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// At most `most` uses per `window` for each key (a session, an address).
pub(crate) struct Limiter {
    most: u32,
    window: Duration,
    seen: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Limiter {
    pub(crate) fn new(most: u32, window: Duration) -> Limiter {
        Limiter {
            most,
            window,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one use by `key`; false when it is one too many.
    pub(crate) fn allow(&self, key: &str) -> bool {
        let now = Instant::now();
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() > 10_000 {
            seen.retain(|_, (since, _)| now.duration_since(*since) < self.window);
        }
        let entry = seen.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= self.most
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        Keys::new(&[7; 32], "pemilu-2024")
    }

    #[test]
    fn a_code_opens_its_role_only() {
        let k = keys();
        let offices = ["kesugihan", "adipala"];
        let code = k.code(&Role::Station("adipala".into()));
        assert_eq!(code.len(), CODE_LEN);
        assert_eq!(
            k.role_of_code(&code.to_lowercase(), offices),
            Some(Role::Station("adipala".into()))
        );
        assert_eq!(
            k.role_of_code(&k.code(&Role::District), offices),
            Some(Role::District)
        );
        assert_eq!(k.role_of_code("AAAAAAAAAA", offices), None);
        // Another campaign (or key) has other codes.
        let other = Keys::new(&[7; 32], "pemilu-2029");
        assert_ne!(other.code(&Role::District), k.code(&Role::District));
    }

    #[test]
    fn a_cookie_cannot_be_turned_into_another_role() {
        let k = keys();
        let station = k.cookie(&Role::Station("adipala".into()));
        assert_eq!(
            k.role_of_cookie(&station),
            Some(Role::Station("adipala".into()))
        );
        let (_, seal) = station.rsplit_once('.').unwrap();
        assert_eq!(k.role_of_cookie(&format!("d:.{seal}")), None);
        assert_eq!(k.role_of_cookie(&format!("s:kesugihan.{seal}")), None);
        assert!(k.csrf_ok(&station, &k.csrf(&station)));
        assert!(!k.csrf_ok(&station, &k.csrf(&k.cookie(&Role::District))));
    }

    #[test]
    fn the_limiter_refuses_past_its_bound() {
        let l = Limiter::new(3, Duration::from_secs(60));
        assert!((0..3).all(|_| l.allow("a")));
        assert!(!l.allow("a"));
        assert!(l.allow("b"));
    }
}
