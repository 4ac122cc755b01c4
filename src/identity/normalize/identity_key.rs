//! The one string form of a scoped platform identity, for indexes and provenance.

/// `platform|scope|id`: a stable key for a platform identity (ids are scoped: a Messenger PSID
/// belongs to one Page, so a bare id is never a key).
///
/// The platform is trimmed and ASCII-lowercased (platform names are identifiers); scope and id are
/// kept exactly, because platform ids are case-sensitive. `\` and `|` inside a part are escaped
/// as `\\` and `\|`, so distinct triples always give distinct keys.
#[inline(never)]
pub fn identity_key(platform: &str, scope: &str, id: &str) -> String {
    let mut key = String::with_capacity(platform.len() + scope.len() + id.len() + 2);
    escape_into(&platform.trim().to_ascii_lowercase(), &mut key);
    key.push('|');
    escape_into(scope, &mut key);
    key.push('|');
    escape_into(id, &mut key);
    key
}

fn escape_into(part: &str, key: &mut String) {
    for c in part.chars() {
        if matches!(c, '\\' | '|') {
            key.push('\\');
        }
        key.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::identity_key as k;

    #[test]
    fn joins_the_triple() {
        assert_eq!(
            k("messenger", "1122334455", "2468013579"),
            "messenger|1122334455|2468013579"
        );
        assert_eq!(
            k(" Instagram ", "17841400000000000", "IGSID1"),
            "instagram|17841400000000000|IGSID1"
        );
        assert_eq!(k("x", "", "1298765432109876543"), "x||1298765432109876543");
    }

    #[test]
    fn ids_keep_their_case() {
        assert_ne!(k("tiktok", "app", "AbC"), k("tiktok", "app", "abc"));
    }

    #[test]
    fn separators_are_escaped_so_keys_never_collide() {
        assert_eq!(k("a", "b|c", "d"), "a|b\\|c|d");
        assert_ne!(k("a", "b|c", "d"), k("a", "b", "c|d"));
        assert_ne!(k("a", "b\\", "c"), k("a", "b", "\\c"));
        assert_eq!(k("a", "", "\\"), "a||\\\\");
    }
}
