//! Passwords (argon2id, PHC strings) and logging in.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};

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

/// Hash a password for storage.
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    if password.is_empty() {
        return Err(AuthError::Empty);
    }
    if password.chars().count() < 6 {
        return Err(AuthError::TooShort);
    }
    Ok(Argon2::default().hash_password(password.as_bytes()).map_err(|_| AuthError::Wrong)?.to_string())
}

/// Whether `password` matches the stored hash.
#[must_use]
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
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
    fn short_passwords_are_refused() {
        assert_eq!(hash_password("123").unwrap_err().to_string(), "密码至少需要6个字符");
    }
}
