//! 连接设置: which database the window works on — the file on this desk, or a `PostgreSQL`
//! server several desks share. The choice is remembered in a small file in the user's config
//! folder; the password never is: it is typed in, taken from `PGPASSWORD`, or kept by the
//! system's credential store (Windows Credential Manager, the Linux kernel keyring) when the
//! user asks for that and the store is available.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::validate::FieldError;
use crate::store::Target;

/// The remembered connection (no password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerSetting {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
}

impl ServerSetting {
    /// The connection string with `password` (kept in memory only).
    #[must_use]
    pub fn url(&self, password: &str) -> String {
        let auth = if password.is_empty() {
            encode(&self.user)
        } else {
            format!("{}:{}", encode(&self.user), encode(password))
        };
        format!("postgres://{auth}@{}:{}/{}?connect_timeout=5", self.host, self.port, encode(&self.database))
    }

    /// Where its password is kept in the system's credential store.
    fn credential(&self) -> String {
        format!("{}@{}:{}/{}", self.user, self.host, self.port, self.database)
    }
}

/// Percent-encode what may not stand in a connection string's user, password or database.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// What the settings file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionSetting {
    /// `None`: the database file on this desk.
    pub server: Option<ServerSetting>,
}

/// The settings file in the user's config folder.
#[must_use]
pub fn setting_path() -> PathBuf {
    directories::ProjectDirs::from("cn", "RoadDesk", "RoadDesk")
        .map_or_else(|| PathBuf::from("connection.json"), |d| d.config_dir().join("connection.json"))
}

impl ConnectionSetting {
    /// Read the remembered setting; a missing file is the default (this desk's file).
    pub fn load(path: &Path) -> Result<Self, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| format!("连接设置文件 {} 有误：{e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(format!("无法读取连接设置 {}：{e}", path.display())),
        }
    }

    /// Remember the setting (written whole, then renamed into place).
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let io = |e: std::io::Error| format!("无法保存连接设置 {}：{e}", path.display());
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let tmp = path.with_extension("json.part");
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, path)).map_err(io)
    }
}

/// The form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerForm {
    pub host: String,
    pub port: String,
    pub database: String,
    pub user: String,
    pub password: String,
    /// Keep the password in the system's credential store.
    pub remember: bool,
}

impl ServerForm {
    /// The form for a remembered setting (the password field empty unless the store has it).
    #[must_use]
    pub fn of(s: Option<&ServerSetting>) -> Self {
        match s {
            Some(s) => Self {
                host: s.host.clone(),
                port: s.port.to_string(),
                database: s.database.clone(),
                user: s.user.clone(),
                password: remembered_password(s).unwrap_or_default(),
                remember: false,
            },
            None => Self { port: "5432".into(), database: "roaddesk".into(), ..Self::default() },
        }
    }

    /// The form for the server the window was started on (`--server`), password kept in memory.
    #[must_use]
    pub fn from_url(url: &str) -> Option<Self> {
        let rest = url.strip_prefix("postgres://").or_else(|| url.strip_prefix("postgresql://"))?;
        let rest = rest.split('?').next().unwrap_or(rest);
        let (auth, place) = rest.rsplit_once('@').unwrap_or(("", rest));
        let (user, password) = auth.split_once(':').unwrap_or((auth, ""));
        let (hostport, database) = place.split_once('/').unwrap_or((place, ""));
        let (host, port) = hostport.rsplit_once(':').unwrap_or((hostport, "5432"));
        let decode = |s: &str| {
            let bytes = s.as_bytes();
            let mut out = Vec::with_capacity(bytes.len());
            let mut i = 0;
            while i < bytes.len() {
                match (bytes[i], s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())) {
                    (b'%', Some(b)) => {
                        out.push(b);
                        i += 3;
                    }
                    (b, _) => {
                        out.push(b);
                        i += 1;
                    }
                }
            }
            String::from_utf8_lossy(&out).into_owned()
        };
        Some(Self {
            host: host.to_owned(),
            port: port.to_owned(),
            database: decode(database),
            user: decode(user),
            password: decode(password),
            remember: false,
        })
    }

    /// Check every field; each problem is named by its label.
    pub fn validate(&self) -> Result<ServerSetting, Vec<FieldError>> {
        let mut errs = Vec::new();
        let required = |label: &str, v: &str, errs: &mut Vec<FieldError>| {
            if v.trim().is_empty() {
                errs.push(FieldError::new(label, "请填写"));
            }
        };
        required("服务器地址", &self.host, &mut errs);
        if self.host.trim().contains(['/', ' ', '@', '?']) {
            errs.push(FieldError::new("服务器地址", "只填主机名或 IP 地址，如 10.1.2.3"));
        }
        let port = match self.port.trim().parse::<u16>() {
            Ok(p) if p > 0 => p,
            _ => {
                errs.push(FieldError::new("端口", "应为 1 到 65535 之间的数字（默认 5432）"));
                0
            }
        };
        required("数据库名", &self.database, &mut errs);
        required("用户名", &self.user, &mut errs);
        if errs.is_empty() {
            Ok(ServerSetting {
                host: self.host.trim().to_owned(),
                port,
                database: self.database.trim().to_owned(),
                user: self.user.trim().to_owned(),
            })
        } else {
            Err(errs)
        }
    }

    /// The target to connect to, with the password typed (or from `PGPASSWORD`).
    pub fn target(&self) -> Result<(ServerSetting, Target), Vec<FieldError>> {
        let s = self.validate()?;
        let password = if self.password.is_empty() {
            std::env::var("PGPASSWORD").unwrap_or_default()
        } else {
            self.password.clone()
        };
        let target = Target::Server(s.url(&password));
        Ok((s, target))
    }
}

/// The password the system's credential store keeps for `s`, if any.
#[must_use]
pub fn remembered_password(s: &ServerSetting) -> Option<String> {
    keyring::Entry::new("RoadDesk", &s.credential()).and_then(|e| e.get_password()).ok()
}

/// Keep (or forget) the password for `s` in the system's credential store.
pub fn remember_password(s: &ServerSetting, password: Option<&str>) -> Result<(), String> {
    let entry = keyring::Entry::new("RoadDesk", &s.credential()).map_err(|e| e.to_string())?;
    let result = match password {
        Some(p) => entry.set_password(p),
        None => match entry.delete_credential() {
            Err(keyring::Error::NoEntry) => Ok(()),
            other => other,
        },
    };
    result.map_err(|e| format!("系统凭据库不可用，密码未保存（下次启动请重新输入）：{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ServerForm {
        ServerForm {
            host: " 10.1.2.3 ".into(),
            port: "5433".into(),
            database: "roaddesk".into(),
            user: "desk1".into(),
            password: "p@ss:word".into(),
            remember: false,
        }
    }

    #[test]
    fn a_good_form_becomes_a_connection_string_with_the_password_encoded() {
        let (s, target) = form().target().unwrap();
        assert_eq!(s.host, "10.1.2.3");
        assert_eq!(s.port, 5433);
        assert_eq!(
            target,
            Target::Server("postgres://desk1:p%40ss%3Aword@10.1.2.3:5433/roaddesk?connect_timeout=5".into())
        );
        assert_eq!(target.name(), "postgres://desk1:***@10.1.2.3:5433/roaddesk");
    }

    #[test]
    fn a_connection_string_fills_the_form_back() {
        let (_, target) = form().target().unwrap();
        let Target::Server(url) = target else { unreachable!() };
        let back = ServerForm::from_url(&url).unwrap();
        assert_eq!(back, ServerForm { host: "10.1.2.3".into(), ..form() });
        assert_eq!(ServerForm::from_url("postgres://desk@db/roaddesk").unwrap().port, "5432");
        assert!(ServerForm::from_url("/tmp/x.db").is_none());
    }

    #[test]
    fn each_bad_field_is_named() {
        let bad = ServerForm { host: "db/x".into(), port: "70000".into(), user: " ".into(), ..form() };
        let errs: Vec<String> = bad.validate().unwrap_err().iter().map(ToString::to_string).collect();
        assert_eq!(
            errs,
            [
                "服务器地址：只填主机名或 IP 地址，如 10.1.2.3",
                "端口：应为 1 到 65535 之间的数字（默认 5432）",
                "用户名：请填写"
            ]
        );
    }

    #[test]
    fn the_setting_file_keeps_no_password() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cfg").join("connection.json");
        assert_eq!(ConnectionSetting::load(&path).unwrap(), ConnectionSetting::default(), "no file: this desk's file");
        let (server, _) = form().target().unwrap();
        let setting = ConnectionSetting { server: Some(server) };
        setting.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("p@ss") && !text.contains("word"), "{text}");
        assert_eq!(ConnectionSetting::load(&path).unwrap(), setting);
        std::fs::write(&path, "{").unwrap();
        assert!(ConnectionSetting::load(&path).unwrap_err().starts_with("连接设置文件"));
    }
}
