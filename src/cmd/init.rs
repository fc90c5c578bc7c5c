//! `papila init DIR`: a campaign folder that `papila check` runs out of the box.

use std::path::Path;

use crate::cli::InitArgs;
use crate::error::{Error, Result};
use crate::output::ensure_dir;

/// The campaign file, its comments in the language papila speaks now.
const CONFIG: &str = include_str!("../../assets/init/papila.toml");
const CONFIG_EN: &str = include_str!("../../assets/init/papila.en.toml");
const SAMPLE_PEOPLE: &str = include_str!("../../assets/init/contoh.csv");

pub(crate) fn run(args: &InitArgs) -> Result<()> {
    let dir = &args.dir;
    let config = dir.join("papila.toml");
    if config.exists() {
        return Err(Error::WouldOverwrite {
            path: config,
            hint: t!("init-exists-hint"),
        });
    }
    ensure_dir(dir)?;
    let key = dir.join("keys").join("papila.key");
    crate::keys::generate(&key)?;
    write(&dir.join("people").join("contoh.csv"), SAMPLE_PEOPLE)?;
    for (name, text) in crate::render::world::TEMPLATES
        .into_iter()
        .chain(crate::dispatch::templates::DEFAULTS)
    {
        write(&dir.join("templates").join(name), text)?;
    }
    let text = match crate::lang::current() {
        crate::lang::Lang::Id => CONFIG,
        crate::lang::Lang::En => CONFIG_EN,
    };
    write(&config, text)?;

    let shown = dir.display().to_string();
    println!("{}", t!("init-created", dir = &shown));
    for (file, key) in [
        ("papila.toml        ", "init-config"),
        ("people/contoh.csv  ", "init-people"),
        ("templates/         ", "init-templates"),
        ("keys/papila.key    ", "init-key"),
    ] {
        println!("  {shown}/{file} {}", crate::lang::text(key, &[]));
    }
    println!();
    println!("{}", t!("init-next", dir = &shown));
    println!("  papila check -c {shown}/papila.toml");
    println!("{}", t!("init-then"));
    println!("  papila run -c {shown}/papila.toml");
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        ensure_dir(parent)?;
    }
    let mut f = crate::output::create_new_private(path)?;
    std::io::Write::write_all(&mut f, text.as_bytes()).map_err(|e| Error::io("write", path, e))
}
