//! `papila init` gives a campaign that checks out of the box; `papila keygen` writes a private key and
//! never overwrites one.

mod common;

use common::Workdir;

#[test]
fn init_writes_a_campaign_that_checks() {
    let wd = Workdir::new();
    let r = wd.run(&["init", "kampanye"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(
        r.stdout().contains("papila check -c kampanye/papila.toml"),
        "{}",
        r.stdout()
    );
    let r = wd.run(&["check", "-c", "kampanye/papila.toml"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let manifest = wd.read("kampanye/out/manifest.csv");
    assert_eq!(manifest.lines().count(), 6, "{manifest}");
    assert!(manifest.contains(",invited,"), "{manifest}");
    assert!(manifest.contains(",already_recorded,"), "{manifest}");

    // A second init into the same folder refuses rather than overwrite the campaign or its key.
    let key_before = wd.read("kampanye/keys/papila.key");
    let r = wd.run(&["init", "kampanye"]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr().contains("already exists"), "{}", r.stderr());
    assert_eq!(wd.read("kampanye/keys/papila.key"), key_before);
}

#[test]
fn keygen_writes_owner_only_pem_and_refuses_to_overwrite() {
    let wd = Workdir::new();
    let r = wd.run(&["keygen", "keys/k.key"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let secret = wd.read("keys/k.key");
    let public = wd.read("keys/k.key.pub");
    assert!(
        secret.starts_with("-----BEGIN PRIVATE KEY-----"),
        "{secret}"
    );
    assert!(public.starts_with("-----BEGIN PUBLIC KEY-----"), "{public}");
    // The secret never reaches the terminal.
    let body: String = secret.lines().nth(1).unwrap().into();
    assert!(!r.stdout().contains(&body) && !r.stderr().contains(&body));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(wd.path("keys/k.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // The key round-trips through the library's loader.
    let key = papila::keys::load(&wd.path("keys/k.key")).unwrap();
    let public = papila::keys::load_public(&wd.path("keys/k.key.pub")).unwrap();
    assert_eq!(
        key.verifying_key(),
        public,
        "the .pub file is the key's public half"
    );

    let r = wd.run(&["keygen", "keys/k.key"]);
    assert_eq!(r.code(), 1);
    insta::assert_snapshot!(r.stderr());
    let id = snapshot_in_indonesian!(wd, &["keygen", "keys/k.key"], stderr);
    assert_eq!(id.code(), 1);
    assert_eq!(wd.read("keys/k.key"), secret);
}

#[test]
fn two_keys_differ() {
    let wd = Workdir::new();
    assert_eq!(wd.run(&["keygen", "a.key"]).code(), 0);
    assert_eq!(wd.run(&["keygen", "b.key"]).code(), 0);
    assert_ne!(wd.read("a.key.pub"), wd.read("b.key.pub"));
}
