import type { Catalog } from '../catalog.js';

export const en: Catalog = {
  lang: 'en',
  dir: 'ltr',
  greeting: (name) => (name ? `Hi ${name},` : 'Hello,'),
  expires: (minutes) =>
    minutes === 1 ? 'This code expires in 1 minute.' : `This code expires in ${minutes} minutes.`,
  footer: (company) =>
    company
      ? `This email was sent by ${company}. Please don't reply to it.`
      : "This is an automated email. Please don't reply to it.",
  templates: {
    verificationCode: {
      subject: ({ app }) => (app ? `Verify your email address for ${app}` : 'Verify your email address'),
      preheader: ({ app }) =>
        app
          ? `Use the code in this email to finish signing up for ${app}.`
          : 'Use the code in this email to finish signing up.',
      heading: 'Verify your email address',
      intro: ({ app }) =>
        app ? `Enter this code to finish signing up for ${app}:` : 'Enter this code to finish signing up:',
      outro: [
        "If you didn't try to sign up, you can ignore this email. Someone may have typed your address by mistake.",
      ],
    },
    signInCode: {
      subject: ({ app }) => (app ? `Your sign-in code for ${app}` : 'Your sign-in code'),
      preheader: () => 'Use the code in this email to sign in.',
      heading: 'Your sign-in code',
      intro: ({ app }) => (app ? `Enter this code to sign in to ${app}:` : 'Enter this code to sign in:'),
      outro: ["If you didn't try to sign in, you can ignore this email. Never share this code with anyone."],
    },
    resetCode: {
      subject: ({ app }) => (app ? `Reset your password for ${app}` : 'Reset your password'),
      preheader: () => 'Use the code in this email to reset your password.',
      heading: 'Reset your password',
      intro: ({ app }) =>
        app
          ? `Enter this code to reset your password for ${app}:`
          : 'Enter this code to reset your password:',
      outro: [
        "If you didn't ask to reset your password, you can ignore this email. Your password won't change.",
      ],
    },
    passwordChanged: {
      subject: ({ app }) => (app ? `Your password for ${app} was changed` : 'Your password was changed'),
      preheader: () => 'This is a confirmation that your password was changed.',
      heading: 'Your password was changed',
      intro: ({ app }) =>
        app
          ? `The password of your ${app} account was just changed.`
          : 'The password of your account was just changed.',
      outro: [
        "If you made this change, there's nothing else to do.",
        "If you didn't, reset your password right away and contact support: someone else may have access to your account.",
      ],
    },
  },
};
