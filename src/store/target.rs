//! Where the data lives — a desk's own file or a server several desks share — and opening it as
//! a [`Store`].

use std::path::PathBuf;

use super::api::Store;
use super::error::Result;
use super::postgres::PgStore;
use super::sqlite::SqliteStore;

/// Where the data lives: the embedded file of one desk, or a `PostgreSQL` server several desks share.
#[derive(Clone, PartialEq, Eq)]
pub enum Target {
    File(PathBuf),
    /// A `postgres://user:password@host:port/db` connection string (held in memory only).
    Server(String),
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl Target {
    /// Open an existing database (a file is never created here).
    pub fn open(&self) -> Result<Box<dyn Store>> {
        match self {
            Self::File(p) => Ok(Box::new(SqliteStore::open(p)?)),
            Self::Server(url) => connect_server(url),
        }
    }

    /// Open the database, creating the file (or the server's tables) on first use.
    pub fn create(&self) -> Result<Box<dyn Store>> {
        match self {
            Self::File(p) => Ok(Box::new(SqliteStore::create(p)?)),
            Self::Server(url) => connect_server(url),
        }
    }

    /// For the status bar: the file's path, or the server and database without the password.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::File(_) => format!("数据库：{}", self.name()),
            Self::Server(_) => format!("服务器：{}", self.name()),
        }
    }

    /// The file's path, or the server's address without the password.
    #[must_use]
    pub fn name(&self) -> String {
        match self {
            Self::File(p) => p.display().to_string(),
            Self::Server(url) => redact_url(url),
        }
    }
}

/// A connection string with any password replaced by `***`.
#[must_use]
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let (auth, host) = match rest.rsplit_once('@') {
        Some((auth, host)) => (Some(auth), host),
        None => (None, rest),
    };
    let host = host.split('?').next().unwrap_or(host);
    match auth.map(|a| a.split_once(':').map_or(a, |(user, _)| user)) {
        Some(user) if auth.is_some_and(|a| a.contains(':')) => format!("{scheme}://{user}:***@{host}"),
        Some(user) => format!("{scheme}://{user}@{host}"),
        None => format!("{scheme}://{host}"),
    }
}

fn connect_server(url: &str) -> Result<Box<dyn Store>> {
    Ok(Box::new(PgStore::connect(url)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_address_is_shown_without_its_password() {
        assert_eq!(
            redact_url("postgres://desk:s3cret@10.1.2.3:5432/roaddesk"),
            "postgres://desk:***@10.1.2.3:5432/roaddesk"
        );
        assert_eq!(
            redact_url("postgres://desk@db.local/roaddesk?sslmode=disable"),
            "postgres://desk@db.local/roaddesk"
        );
        assert_eq!(redact_url("postgres://db.local/roaddesk"), "postgres://db.local/roaddesk");
        let t = Target::Server("postgres://a:pw@h/d".into());
        assert!(!format!("{t:?}").contains("pw"));
    }
}
