/**
 * Password policy following NIST SP 800-63B: length over composition rules, a block list of
 * common and organisation-related passwords, and nothing derived from the username. No forced
 * periodic change (it makes passwords weaker); an administrator's reset forces a change at next login.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem =
  | { code: "password_too_short"; min: number }
  | { code: "password_too_long"; max: number }
  | { code: "password_contains_username" }
  | { code: "password_too_common" }
  | { code: "password_repetitive" };

const COMMON = new Set([
  "password", "password1", "password123", "passw0rd", "123456789012", "1234567890123", "qwertyuiopas",
  "qwerty123456", "iloveyou1234", "administrator", "letmein12345", "welcome12345", "changeme1234",
  "mamoru", "mamoru123456", "sendai", "sendaicity", "sendai123456", "kasuhara", "kasuhara1234",
  "customerharassment", "abcdefghijkl", "aaaaaaaaaaaa", "000000000000", "111111111111",
]);

export function checkPassword(password: string, username: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return { code: "password_too_short", min: PASSWORD_MIN_LENGTH };
  if (length > PASSWORD_MAX_LENGTH) return { code: "password_too_long", max: PASSWORD_MAX_LENGTH };
  const lower = password.toLowerCase();
  if (username.length >= 3 && lower.includes(username.toLowerCase())) return { code: "password_contains_username" };
  if (COMMON.has(lower) || COMMON.has(lower.replace(/[^a-z0-9]/g, ""))) return { code: "password_too_common" };
  if (new Set(lower).size <= 3) return { code: "password_repetitive" };
  return null;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;
