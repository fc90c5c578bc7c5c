//! Who may do what on `papila serve`: a code per office's station and one for the district, the
//! sessions codes open (one per signed-in device), the CSRF token every POST must carry, and the
//! rate limits on guessing codes, on searching for people and on typing ids.
//!
//! Codes are derived from the campaign's signing key and the code's epoch (keyed SHA-256 with a
//! label per use): a restarted server knows the same codes, and `serve --new-code` gives a role a
//! new one — ending its sessions — without touching the signing key every letter is signed with.
//! A session is a random cookie, kept (hashed) in the ledger with its role and expiry, so it
//! outlasts a restart and can be ended: by signing out, by "sign out every phone" of an office, or
//! by a new code.

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

    /// How the ledger names the role: `d:` or `s:<office>`.
    pub(crate) fn label(&self) -> String {
        match self {
            Role::Station(o) => format!("s:{o}"),
            Role::District => "d:".into(),
        }
    }

    /// A role from its label.
    pub(crate) fn of_label(label: &str) -> Option<Role> {
        match label.split_once(':')? {
            ("d", "") => Some(Role::District),
            ("s", office) if !office.is_empty() => Some(Role::Station(office.to_string())),
            _ => None,
        }
    }
}

/// How long a session lasts from signing in: a recording day, with its evening.
pub(crate) const SESSION_HOURS: i64 = 14;

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

    /// The code staff type (or a link holds) to open a role's pages, in its `epoch`.
    pub(crate) fn code(&self, role: &Role, epoch: u32) -> String {
        let value = if epoch == 0 {
            role.label()
        } else {
            format!("{}#{epoch}", role.label())
        };
        let mac = self.mac("code", &value);
        // 32 letters: 5 bits each, 50 bits in all.
        let mut bits = u64::from_be_bytes(mac[..8].try_into().unwrap_or_default());
        let mut code = String::with_capacity(CODE_LEN);
        for _ in 0..CODE_LEN {
            code.push(CODE_ALPHABET[(bits & 31) as usize] as char);
            bits >>= 5;
        }
        code
    }

    /// The role a typed code opens, if any, among `roles` with their epochs: codes compared whole,
    /// in constant time.
    pub(crate) fn role_of_code<'a>(
        &self,
        typed: &str,
        roles: impl IntoIterator<Item = (&'a Role, u32)>,
    ) -> Option<Role> {
        let typed: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_ascii_uppercase();
        let mut found = None;
        for (role, epoch) in roles {
            if same(self.code(role, epoch).as_bytes(), typed.as_bytes()) {
                found = Some(role.clone());
            }
        }
        found
    }

    /// The CSRF token of a session (or of the sign-in form's nonce): pages carry it, POSTs send
    /// it back.
    pub(crate) fn csrf(&self, cookie: &str) -> String {
        hex(&self.mac("csrf", cookie)[..16])
    }

    /// The reference a station's search gives someone without an appointment, to record them as
    /// a walk-in: it stands for the person at that office on that day, and tells nothing of them.
    pub(crate) fn walk_in_ref(&self, office: &str, nik: &str, day: chrono::NaiveDate) -> String {
        hex(&self.mac("walkin", &format!("{office}\0{nik}\0{day}"))[..12])
    }

    /// Whether `given` is the walk-in reference of `nik` at `office` on `day`.
    pub(crate) fn walk_in_ref_ok(
        &self,
        office: &str,
        nik: &str,
        day: chrono::NaiveDate,
        given: &str,
    ) -> bool {
        same(
            self.walk_in_ref(office, nik, day).as_bytes(),
            given.as_bytes(),
        )
    }

    /// Whether `token` is the CSRF token of the session `cookie`.
    pub(crate) fn csrf_ok(&self, cookie: &str, token: &str) -> bool {
        same(self.csrf(cookie).as_bytes(), token.as_bytes())
    }
}

/// A new session's cookie: 32 random bytes, hex.
pub(crate) fn new_cookie() -> Option<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).ok()?;
    Some(hex(&bytes))
}

/// What the ledger keeps of a cookie: its hash, so a copy of the ledger opens no session.
pub(crate) fn cookie_hash(cookie: &str) -> String {
    hex(&Sha256::digest(cookie.as_bytes())[..16])
}

/// A signed-in device.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub(crate) role: Role,
    /// The cookie as the browser holds it.
    pub(crate) cookie: String,
}

/// The open sessions, by cookie hash, with their role and expiry (`text::stamp`): what every
/// request is checked against, held in memory and written through to the ledger.
#[derive(Default)]
pub(crate) struct Sessions {
    open: Mutex<HashMap<String, (Role, String)>>,
}

impl Sessions {
    /// The session `cookie` opens at `now` (a stamp), if it is open and not expired.
    pub(crate) fn of_cookie(&self, cookie: &str, now: &str) -> Option<Session> {
        if cookie.len() != 64 {
            return None;
        }
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let (role, expires) = open.get(&cookie_hash(cookie))?;
        (now < expires.as_str()).then(|| Session {
            role: role.clone(),
            cookie: cookie.to_string(),
        })
    }

    /// Opens a session; `now` lets expired ones go, so a long day does not pile them up.
    pub(crate) fn insert(&self, hash: String, role: Role, expires: String, now: &str) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.len() > 5_000 {
            open.retain(|_, (_, e)| e.as_str() > now);
        }
        open.insert(hash, (role, expires));
    }

    pub(crate) fn remove(&self, hash: &str) {
        self.open
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(hash);
    }

    /// Ends every session of `role` in memory; how many.
    pub(crate) fn remove_role(&self, role: &Role) -> usize {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let before = open.len();
        open.retain(|_, (r, _)| r != role);
        before - open.len()
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

    /// Whether `key` has used up its window, without counting a use.
    pub(crate) fn spent(&self, key: &str) -> bool {
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.get(key).is_some_and(|(since, n)| {
            Instant::now().duration_since(*since) < self.window && *n >= self.most
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        Keys::new(&[7; 32], "pemilu-2024")
    }

    #[test]
    fn a_code_opens_its_role_only_and_a_new_epoch_ends_the_old_code() {
        let k = keys();
        let adipala = Role::Station("adipala".into());
        let kesugihan = Role::Station("kesugihan".into());
        let roles = [(&Role::District, 0), (&kesugihan, 0), (&adipala, 0)];
        let code = k.code(&adipala, 0);
        assert_eq!(code.len(), CODE_LEN);
        assert_eq!(
            k.role_of_code(&code.to_lowercase(), roles),
            Some(adipala.clone())
        );
        assert_eq!(
            k.role_of_code(&k.code(&Role::District, 0), roles),
            Some(Role::District)
        );
        assert_eq!(k.role_of_code("AAAAAAAAAA", roles), None);
        // Adipala's code made anew: the old one opens nothing, the new one opens Adipala.
        let renewed = [(&Role::District, 0), (&kesugihan, 0), (&adipala, 1)];
        assert_eq!(k.role_of_code(&code, renewed), None);
        assert_eq!(
            k.role_of_code(&k.code(&adipala, 1), renewed),
            Some(adipala.clone())
        );
        // Another campaign (or key) has other codes.
        let other = Keys::new(&[7; 32], "pemilu-2029");
        assert_ne!(other.code(&Role::District, 0), k.code(&Role::District, 0));
    }

    #[test]
    fn a_session_is_its_cookie_until_it_expires_or_ends() {
        let sessions = Sessions::default();
        let cookie = new_cookie().unwrap();
        let station = Role::Station("adipala".into());
        sessions.insert(
            cookie_hash(&cookie),
            station.clone(),
            "2024-07-01 22:00:00".into(),
            "2024-07-01 08:00:00",
        );
        let at = |t: &str| sessions.of_cookie(&cookie, t).map(|s| s.role);
        assert_eq!(at("2024-07-01 09:00:00"), Some(station.clone()));
        assert_eq!(at("2024-07-01 22:00:01"), None, "expired");
        // Another cookie, or one made up from the role, opens nothing.
        assert!(
            sessions
                .of_cookie(&new_cookie().unwrap(), "2024-07-01 09:00:00")
                .is_none()
        );
        assert!(
            sessions
                .of_cookie("s:adipala.00", "2024-07-01 09:00:00")
                .is_none()
        );
        assert_eq!(sessions.remove_role(&station), 1);
        assert_eq!(at("2024-07-01 09:00:00"), None, "signed out everywhere");
        let k = keys();
        assert!(k.csrf_ok(&cookie, &k.csrf(&cookie)));
        assert!(!k.csrf_ok(&cookie, &k.csrf(&new_cookie().unwrap())));
    }

    #[test]
    fn the_limiter_refuses_past_its_bound() {
        let l = Limiter::new(3, Duration::from_secs(60));
        assert!((0..3).all(|_| l.allow("a")));
        assert!(l.spent("a"));
        assert!(!l.allow("a"));
        assert!(l.allow("b"));
        assert!(!l.spent("b"));
    }
}
