import type { NoticeTexts } from "./languages.ts";

/** The default public notice in English. */
export const textsEn: NoticeTexts = {
  words: {
    title: "Our policy on customer harassment",
    lead: "To keep our public services good for everyone, we ask for your understanding and cooperation.",
    skipLink: "Skip to main content",
    languageNav: "Choose a language",
    contentsNav: "On this page",
    contactHeading: "Contact",
    department: "Office in charge",
    address: "Address",
    phone: "Telephone",
    hours: "Opening hours",
    footer: "This page tells residents how our city hall deals with customer harassment.",
  },
  sections: [
    {
      id: "stance",
      heading: "Our basic position",
      markdown: `Your opinions and requests help us improve our services. We will keep listening to them sincerely and explaining our decisions carefully.

Customer harassment is different. Abuse, personal attacks and violence hurt the dignity of our staff, damage the workplace and slow down the service that other residents receive.

We therefore **protect our staff and keep our services fair** by responding firmly, as one organisation, when harassment happens. Our staff, in turn, hold themselves to high ethical standards so that they never harass anyone either.`,
    },
    {
      id: "definition",
      heading: "What we mean by customer harassment",
      markdown: `We treat a complaint or request as customer harassment when:

1. **the demand itself is not justified** — for example, the city made no mistake, or the demand has nothing to do with our services; **or**
2. **the demand may be justified, but the way it is pressed goes beyond what is socially acceptable** — abusive language, intimidation, keeping staff for hours, personal insults or endless repetition; **and**
3. **as a result, our staff's working environment is harmed** — their physical or mental health, safety at work, or their ability to do their job.

Making a complaint or sharing an opinion is not harassment. Neither is asking for reasonable accommodation because of a disability.`,
    },
    {
      id: "behaviours",
      heading: "Examples of customer harassment",
      markdown: `These are typical examples; harassment is not limited to them.

### Keeping staff for a long time or repeating the same demand
- Staying at the counter for hours, or refusing to end a phone call
- Repeating the same demand by phone or email after it has been carefully explained
- Picking on every word a member of staff says

### Violence, abusive language, intimidation and threats
- Shouting, swearing or banging on the desk
- Insults such as "useless" or "tax thief", or threats such as "I'll kill you"
- Hitting, kicking, throwing things or damaging equipment

### Unjustified or excessive demands
- Demanding unjustified compensation, special treatment or a forced apology
- Repeatedly demanding that a member of staff be punished or transferred

### Defamation online
- Posting staff members' names, photos or videos, false information or insults on the internet

### Discrimination and sexual harassment
- Discriminatory remarks about gender, age, nationality or disability
- Unwanted physical contact or sexual remarks`,
    },
    {
      id: "response",
      heading: "What our staff will do",
      markdown: `We will always try to understand your situation and explain our position fully. When harassment occurs, however, we will respond as an organisation to protect our staff:

- More than one member of staff will deal with the matter
- We will ask you to stop and, if necessary, give you a warning
- If the same explanation has been given repeatedly without agreement, we will tell you that we cannot continue and **end the conversation**, including hanging up the phone
- We will ask you to leave the building
- In cases of violence, threats or discrimination that do not stop, we will end the response at once and may **call the police**`,
    },
    {
      id: "recording",
      heading: "Recording of calls and visits",
      markdown: `To respond accurately and to protect both you and our staff, **we may record phone calls and conversations at our counters**. We will tell you when a conversation is being recorded.

Recordings are used only to check what happened and to prevent harassment, and are deleted after a fixed retention period.`,
    },
    {
      id: "contact",
      heading: "Questions about this policy",
      markdown: "If you have an opinion or a question about this policy, please contact the office below.",
    },
  ],
};
