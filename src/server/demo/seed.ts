import type { Kysely } from "kysely";
import { checkPassword } from "../../domain/accounts/password-policy.ts";
import type { RoleGrant } from "../../domain/accounts/roles.ts";
import { createDepartment, createUser } from "../accounts/service.ts";
import { cliContext } from "../platform/context.ts";
import { seedProductContent } from "../policy/seed.ts";
import type { Database } from "../platform/db/schema.ts";
import { temporaryPassword } from "../platform/secrets.ts";

/**
 * The demo organisation: a city hall modelled on a designated city, with the departments where
 * customer harassment is most frequent (public hearing, family register counters, welfare office,
 * tax) and one demo user per role. The people are fictional.
 */
interface DemoDepartment {
  code: string;
  nameJa: string;
  nameEn: string;
  parent?: string;
}

export const DEMO_DEPARTMENTS: DemoDepartment[] = [
  { code: "city", nameJa: "市役所", nameEn: "City Hall" },
  { code: "somu", nameJa: "総務局", nameEn: "General Affairs Bureau", parent: "city" },
  { code: "somu-gyosei", nameJa: "総務局行政経営課", nameEn: "Administrative Management Division", parent: "somu" },
  { code: "somu-jinji", nameJa: "総務局人事課 職員相談窓口", nameEn: "Personnel Division, Staff Consultation Desk", parent: "somu" },
  { code: "shimin", nameJa: "市民局", nameEn: "Citizens Bureau", parent: "city" },
  { code: "shimin-kocho", nameJa: "市民局広聴課", nameEn: "Public Hearing Division", parent: "shimin" },
  { code: "ku", nameJa: "中央区役所", nameEn: "Chuo Ward Office", parent: "city" },
  { code: "ku-koseki", nameJa: "中央区役所戸籍住民課", nameEn: "Chuo Ward Family Register and Residents Division", parent: "ku" },
  { code: "ku-hoken", nameJa: "中央区役所保険年金課", nameEn: "Chuo Ward Insurance and Pension Division", parent: "ku" },
  { code: "fukushi", nameJa: "健康福祉局", nameEn: "Health and Welfare Bureau", parent: "city" },
  { code: "fukushi-hogo", nameJa: "健康福祉局保護課(福祉事務所)", nameEn: "Public Assistance Division (Welfare Office)", parent: "fukushi" },
  { code: "zaisei", nameJa: "財政局", nameEn: "Finance Bureau", parent: "city" },
  { code: "zaisei-zeimu", nameJa: "財政局税務部", nameEn: "Finance Bureau, Tax Department", parent: "zaisei" },
  { code: "zaisei-zeimu-shiminzei", nameJa: "財政局税務部市民税課", nameEn: "Municipal Tax Division", parent: "zaisei-zeimu" },
  { code: "kyoiku", nameJa: "教育局", nameEn: "Education Bureau", parent: "city" },
  { code: "kyoiku-gakuji", nameJa: "教育局学事課", nameEn: "School Affairs Division", parent: "kyoiku" },
  { code: "kankyo", nameJa: "環境局家庭ごみ減量課", nameEn: "Household Waste Reduction Division", parent: "city" },
  { code: "toshi-jutaku", nameJa: "都市整備局市営住宅管理課", nameEn: "Municipal Housing Management Division", parent: "city" },
];

interface DemoUser {
  username: string;
  displayName: string;
  department: string;
  roles: Array<{ role: RoleGrant["role"]; department?: string }>;
}

/** Fixed usernames, listed in README. */
export const DEMO_USERS: DemoUser[] = [
  { username: "admin", displayName: "システム管理者(情報政策)", department: "somu-gyosei", roles: [{ role: "admin" }] },
  { username: "central", displayName: "青葉 恵(総務局)", department: "somu-gyosei", roles: [{ role: "central" }] },
  { username: "supervisor", displayName: "宮城 誠(戸籍住民課長)", department: "ku-koseki", roles: [{ role: "supervisor", department: "ku-koseki" }, { role: "staff" }] },
  { username: "staff", displayName: "泉 さくら", department: "ku-koseki", roles: [{ role: "staff" }] },
  { username: "desk", displayName: "若林 直子(相談員)", department: "somu-jinji", roles: [{ role: "desk" }] },
  { username: "auditor", displayName: "太白 修(監査)", department: "somu-gyosei", roles: [{ role: "auditor" }] },
  { username: "staff2", displayName: "宮城野 翔", department: "zaisei-zeimu-shiminzei", roles: [{ role: "staff" }] },
  { username: "supervisor2", displayName: "秋保 亜希(保護課長)", department: "fukushi-hogo", roles: [{ role: "supervisor", department: "fukushi-hogo" }, { role: "staff" }] },
];

export async function isDemoSeeded(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("instance").select("value").where("key", "=", "demo_seeded_at").executeTakeFirst();
  return !!row;
}

/** Seeds the demo organisation once. Returns the password the demo users got, or null if already seeded. */
export async function seedDemo(db: Kysely<Database>, password?: string): Promise<string | null> {
  if (await isDemoSeeded(db)) return null;
  const pw = password ?? temporaryPassword();
  for (const u of DEMO_USERS) {
    const problem = checkPassword(pw, u.username);
    if (problem) throw new Error(`MAMORU_DEMO_PASSWORD: ${problem.code} (${PASSWORD_HINT})`);
  }
  const ctx = cliContext();
  const ids = new Map<string, string>();
  for (const d of DEMO_DEPARTMENTS) {
    const created = await createDepartment(db, ctx, { code: d.code, nameJa: d.nameJa, nameEn: d.nameEn, parentId: d.parent ? ids.get(d.parent) : null }, { bootstrap: true });
    ids.set(d.code, created.id);
  }
  for (const u of DEMO_USERS) {
    await createUser(
      db,
      ctx,
      {
        username: u.username,
        displayName: u.displayName,
        departmentId: ids.get(u.department) ?? null,
        roles: u.roles.map((r) => ({ role: r.role, departmentId: r.department ? (ids.get(r.department) ?? null) : null })),
        password: pw,
      },
      { bootstrap: true },
    );
  }
  await db.insertInto("instance").values({ key: "demo_seeded_at", value: new Date().toISOString() }).execute();
  await seedProductContent(db); // the default policy and training (the server seeds them in clean installs too)
  return pw;
}

const PASSWORD_HINT = "12文字以上、ユーザー名を含まない / at least 12 characters, not containing a username";
