//! Passwords (argon2id, PHC strings) and logging in.

use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::domain::org::Actor;
use crate::store::{Store, StoreError};

/// Why a login failed. Deliberately says nothing about which part was wrong.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("用户名或密码错误")]
    Wrong,
    #[error("该用户已停用")]
    Disabled,
    #[error("密码不能为空")]
    Empty,
    #[error("密码至少需要6个字符")]
    TooShort,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// argon2id with 7 MiB of memory and 5 passes: the lightest of OWASP's equivalent argon2id
/// settings (m = 19 MiB, t = 2 is the crate's default). A login on the desk's own window then
/// needs 7 MiB for a moment instead of 19, which matters under a 150 MB window budget; the
/// work per guess stays the same. Hashes made with other settings still verify: a PHC string
/// names its own.
const MEMORY_KIB: u32 = 7 * 1024;
const PASSES: u32 = 5;

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, PASSES, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hash a password for storage.
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    if password.is_empty() {
        return Err(AuthError::Empty);
    }
    if password.chars().count() < 6 {
        return Err(AuthError::TooShort);
    }
    Ok(hasher().hash_password(password.as_bytes()).map_err(|_| AuthError::Wrong)?.to_string())
}

/// Whether `password` matches the stored hash.
#[must_use]
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| hasher().verify_password(password.as_bytes(), &h).is_ok())
}

/// Check a login and password against the store; the actor on success.
pub fn authenticate(store: &dyn Store, login: &str, password: &str) -> Result<Actor, AuthError> {
    if password.is_empty() {
        return Err(AuthError::Empty);
    }
    let Some((user, hash)) = store.user_by_login(login)? else {
        // Spend the same time as a real check so a wrong login is not told apart by timing.
        let _ = verify_password(password, DUMMY_HASH);
        return Err(AuthError::Wrong);
    };
    if !verify_password(password, &hash) {
        return Err(AuthError::Wrong);
    }
    if !user.active {
        return Err(AuthError::Disabled);
    }
    Ok(Actor::from(&user))
}

/// A valid hash of a random password, for constant-time refusals of unknown users.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$9Yj0XGQ1mXx8s0I8n9cS5o8Q0GZ4m3qkQ1pQ9rQ5y9E";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_per_salt() {
        let a = hash_password("demo123").unwrap();
        let b = hash_password("demo123").unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("$argon2id$"));
        assert!(verify_password("demo123", &a));
        assert!(!verify_password("demo124", &a));
        assert!(!verify_password("demo123", "not a hash"));
    }

    #[test]
    fn new_hashes_take_seven_mib_and_older_hashes_still_verify() {
        let new = hash_password("demo123").unwrap();
        assert!(new.contains("$m=7168,t=5,p=1$"), "{new}");
        // A user saved before the change keeps logging in: the PHC string names its settings.
        let old = Argon2::default().hash_password(b"demo123").unwrap().to_string();
        assert!(old.contains("$m=19456,t=2,p=1$"), "{old}");
        assert!(verify_password("demo123", &old));
        assert!(!verify_password("demo12", &old));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(hash_password("123").unwrap_err().to_string(), "密码至少需要6个字符");
    }
}
