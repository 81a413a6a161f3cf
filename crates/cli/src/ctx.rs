//! What every command gets: the content, the database location and the output format.

use crate::args::Format;
use crate::failure::bad;
use anyhow::{Context as _, Result};
use sciatica_core::Content;
use sciatica_store::{Store, StoreError};
use std::path::{Path, PathBuf};

/// The command context.
pub struct Ctx {
    /// The clinical content (built in, or from `--content`).
    pub content: &'static Content,
    /// `--db`, if given.
    pub db: Option<String>,
    /// Output format.
    pub format: Format,
}

impl Ctx {
    /// Builds the context, loading `--content DIR` when given.
    pub fn new(db: Option<String>, content: Option<&Path>, format: Format) -> Result<Ctx> {
        let content = match content {
            None => Content::embedded(),
            Some(dir) => Box::leak(Box::new(load_content(dir)?)),
        };
        Ok(Ctx { content, db, format })
    }

    /// True for `--format json`.
    pub fn json(&self) -> bool {
        self.format == Format::Json
    }

    /// The database location: `--db`, `SCIATICA_DB`, or a file in the platform data folder.
    pub fn db_location(&self) -> Result<String> {
        if let Some(db) = &self.db {
            return Ok(db.clone());
        }
        let dirs = directories::ProjectDirs::from("", "", "sciatica")
            .context("cannot find your data folder; give a database with --db PATH")?;
        Ok(dirs.data_dir().join("sciatica.sqlite").to_string_lossy().into_owned())
    }

    /// Opens the database, creating it (and the data folder, for the default location) when it
    /// does not exist yet.
    pub async fn store(&self) -> Result<Store> {
        open(&self.made_location()?).await
    }

    /// The database location, with the data folder made when it is the default one.
    pub fn made_location(&self) -> Result<String> {
        let location = self.db_location()?;
        if self.db.is_none()
            && let Some(dir) = Path::new(&location).parent()
        {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        Ok(location)
    }

    /// Opens the database when it exists, or else an empty one in memory, so that a command that
    /// only reads (or needs a profile first) creates nothing on a mistyped path.
    pub async fn existing_store(&self) -> Result<Store> {
        let location = self.db_location()?;
        match sciatica_store::database_file(&location)? {
            Some(file) if !file.exists() => open("sqlite::memory:").await,
            _ => open(&location).await,
        }
    }
}

/// Opens a database; a file that cannot be used is reported in its own sentence.
pub async fn open(location: &str) -> Result<Store> {
    match Store::open(location).await {
        Ok(store) => Ok(store),
        Err(e @ StoreError::Unusable { .. }) => Err(e.into()),
        Err(e) => Err(anyhow::Error::new(e)
            .context(format!("cannot open the database {}", sciatica_store::without_password(location)))),
    }
}

/// Reads every `.toml` file under `dir` as content files.
pub fn read_content_dir(dir: &Path) -> Result<Vec<(String, String)>> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) -> Result<()> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| bad(format!("cannot read content directory {}: {e}", dir.display())))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out)?;
            } else if path.extension().is_some_and(|e| e == "toml") {
                let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| bad(format!("cannot read {}: {e}", path.display())))?;
                out.push((rel, text));
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files)?;
    Ok(files)
}

/// Loads and validates a content directory.
pub fn load_content(dir: &Path) -> Result<Content> {
    let files = read_content_dir(dir)?;
    Ok(Content::from_files(files)?)
}
