/**
 * English explanations of the default lexicon's rules, by rule id, shown when the screen is in
 * English. The Japanese explanation (explanationJa on each entry) stays the reference text.
 */
const URGENT_POLICE = "Tell a supervisor at once and consider calling the police.";
const SAFETY_POLICE = "Make sure staff are safe and consider calling the police.";
const MONEY_CHECK = "Check whether the city was at fault (is the demand justified?) before deciding.";
const RESTRAINT_STEP = "Set a time limit and decide with a supervisor whether to end the contact.";
const PERSIST_STEP = "Keep a record of the answers given and route the contact to one point.";
const TWO_STAFF = "Respond with two staff members and tell a supervisor.";
const APOLOGY_STEP = "Apologise for what the city did wrong, and handle the forced apology separately.";
const PUNISH_STEP = "Acknowledge the complaint and explain that staffing decisions are the city's.";
const SEXUAL_STEP = "Change the staff member handling the contact and keep a record.";

export const EXPLANATIONS_EN: Readonly<Record<string, string>> = Object.freeze({
  "kill.explicit": `Words suggesting killing. ${URGENT_POLICE}`,
  "kill.plain": `A threat to kill. ${URGENT_POLICE}`,
  "threat.latin": `A threat to kill, bomb or set fire written in romaji. ${URGENT_POLICE}`,
  "threat.english": `A threat to kill, bomb or set fire written in English. ${URGENT_POLICE}`,
  "violence.threat": `A threat of violence. ${SAFETY_POLICE}`,
  "violence.plain": `A plain statement of stabbing or striking someone, at the end of a clause. ${SAFETY_POLICE}`,
  "harm.plan": `A plan or hint to cause harm. ${SAFETY_POLICE}`,
  "harm.alone": `A threat disguised as a warning not to be alone on the way home. ${SAFETY_POLICE}`,
  "threat.safety_frame": `A threat to the safety of staff or their family ("don't think you'll get off unharmed"). ${SAFETY_POLICE}`,
  "threat.safety_frame.target": `A threat to the peaceful life of staff or their family. ${SAFETY_POLICE}`,
  "threat.family_target": `A threat that mentions where a staff member's family is or their safety. ${SAFETY_POLICE}`,
  "threat.family_target.role": `A threat that mentions where a staff member's family is or their safety. ${SAFETY_POLICE}`,
  "harm.weapon": `An announcement of coming with a weapon. ${SAFETY_POLICE}`,
  "harm.waiting": `A threat to wait for a member of staff, with their hours or exit known. ${SAFETY_POLICE}`,
  "harm.firearm": `A threat hinting at shooting with a gun. ${URGENT_POLICE}`,
  "harm.disclaim": `A threat disguised as "if anything happens, it's not my business", about staff's family or way home. ${SAFETY_POLICE}`,
  "online.recording": "A threat to publish a recording or photo of staff. Keep a record and tell a supervisor.",
  "harm.weapon_blunt": `A statement that a blunt weapon is being got ready. ${SAFETY_POLICE}`,
  "harm.weapon_ready": `A statement that a weapon has been made ready. ${SAFETY_POLICE}`,
  "arson.threat": `An arson threat. ${URGENT_POLICE}`,
  "arson.plain": `An arson threat. ${URGENT_POLICE}`,
  "arson.fuel": `An arson threat: bringing fuel. ${URGENT_POLICE}`,
  "bomb.threat": `A bomb threat. ${URGENT_POLICE} Consider evacuating.`,
  "attack.object": "Violence, or an attack on objects, stated or recorded.",
  "abuse.insult": "Abuse or insults that deny a person's worth. Ask them to stop; if it continues, consider ending the contact.",
  "abuse.die": "Telling someone to die. Ask them to stop; if it continues, consider ending the contact.",
  "abuse.die.slang": "\"Die\" written in a disguised or masked way.",
  "abuse.short": "An insult.",
  "intimidation.phrase": `Words meant to frighten or intimidate. ${TWO_STAFF}`,
  "intimidation.frame": `Intimidation hinting at retaliation ("don't think this is over"). ${TWO_STAFF}`,
  "intimidation.findable": `Intimidation: staff's home is "easy to find". ${TWO_STAFF}`,
  "intimidation.whereabouts": `Intimidation: knowing a staff member's car, way home or home. ${TWO_STAFF}`,
  "staff.personal": "Demands or attacks aimed at an individual staff member.",
  "persist.announce": `Announcing that the same demand will be repeated. ${PERSIST_STEP}`,
  "persist.schedule": `Announcing calls or visits at regular intervals. ${PERSIST_STEP}`,
  "restraint.condition": `Refusing to leave until a condition is met, which leads to long restraint. ${RESTRAINT_STEP}`,
  "restraint.resolve": `Refusing to back down or to end the contact until a condition is met. ${RESTRAINT_STEP}`,
  "restraint.stay_here": `Announcing to stay at the counter or in the office. ${RESTRAINT_STEP}`,
  "restraint.on_the_spot": `Demanding an answer on the spot or keeping staff from leaving. ${RESTRAINT_STEP}`,
  "persist.daily": `Announcing to come every day. ${PERSIST_STEP}`,
  "restraint.stay": `Refusing to leave or to hang up, which leads to long restraint. ${RESTRAINT_STEP}`,
  "restraint.until": `Refusing to leave or hang up until an answer or apology is given. ${RESTRAINT_STEP}`,
  "nitpick.words": "Attacking staff over their choice of words.",
  "money.compensation": `A demand for money. ${MONEY_CHECK}`,
  "money.sincerity": `A demand for money ("show your sincerity"). ${MONEY_CHECK}`,
  "money.veiled": `A veiled demand for money ("you'll be paying for this, then"). ${MONEY_CHECK}`,
  "apology.forced": `A forced apology. ${APOLOGY_STEP}`,
  "apology.dogeza": "A demand to kneel (dogeza). There is no need to comply; tell a supervisor.",
  "punish.staff": `A demand to punish or transfer staff. ${PUNISH_STEP}`,
  "punish.staff.transfer": `A demand to transfer a staff member. ${PUNISH_STEP}`,
  "apology.bring": `A forced apology: bringing a written apology. ${APOLOGY_STEP}`,
  "punish.staff.disposal": `A demand to discipline staff. ${PUNISH_STEP}`,
  "special.treatment": "A demand for special treatment that rules and law do not allow. Check whether the demand is justified.",
  "special.escalation.call": "Insisting on being handled by a superior. The organisation decides who responds.",
  "special.escalation": "Insisting on being handled by a superior. The organisation decides who responds.",
  "online.expose": "Threatening to expose staff online. Check the posts and keep a record.",
  "online.publish.personal": "Threatening to put a staff member's name, face or recordings online.",
  "online.publish.threat": "Threatening to put recordings online. Check the posts and keep a record.",
  "online.spread": "Threatening to spread something online or start a pile-on.",
  "online.bash": "Threatening to post about or have others attack staff or the city online.",
  "online.defame": "Threatening to spread false or insulting content.",
  "dignity.discrimination": "Discrimination based on sex, age, nationality, disability or origin. Ask them to stop.",
  "dignity.sexual": `A sexual remark or behaviour. ${SEXUAL_STEP}`,
  "dignity.sexual.body": `A sexual question about a staff member's body or weight. ${SEXUAL_STEP}`,
  "dignity.sexual.personal": `Personal or sexual interest in a staff member. ${SEXUAL_STEP}`,
});
