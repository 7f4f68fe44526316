import type { Catalog } from '../catalog.js';

// French typography: a no-break space before « : » and « ; ».
export const fr: Catalog = {
  lang: 'fr',
  dir: 'ltr',
  greeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
  expires: (minutes) =>
    minutes === 1 ? 'Ce code expire dans 1 minute.' : `Ce code expire dans ${minutes} minutes.`,
  footer: (company) =>
    company
      ? `Cet e-mail vous a été envoyé par ${company}. Merci de ne pas y répondre.`
      : 'Cet e-mail a été envoyé automatiquement. Merci de ne pas y répondre.',
  templates: {
    verificationCode: {
      subject: ({ app }) =>
        app ? `Vérifiez votre adresse e-mail pour ${app}` : 'Vérifiez votre adresse e-mail',
      preheader: ({ app }) =>
        app
          ? `Utilisez le code de cet e-mail pour terminer votre inscription à ${app}.`
          : 'Utilisez le code de cet e-mail pour terminer votre inscription.',
      heading: 'Vérifiez votre adresse e-mail',
      intro: ({ app }) =>
        app
          ? `Saisissez ce code pour terminer votre inscription à ${app}\u00a0:`
          : 'Saisissez ce code pour terminer votre inscription\u00a0:',
      outro: [
        "Si vous n'avez pas essayé de vous inscrire, vous pouvez ignorer cet e-mail. Quelqu'un a peut-être saisi votre adresse par erreur.",
      ],
    },
    signInCode: {
      subject: ({ app }) => (app ? `Votre code de connexion à ${app}` : 'Votre code de connexion'),
      preheader: () => 'Utilisez le code de cet e-mail pour vous connecter.',
      heading: 'Votre code de connexion',
      intro: ({ app }) =>
        app
          ? `Saisissez ce code pour vous connecter à ${app}\u00a0:`
          : 'Saisissez ce code pour vous connecter\u00a0:',
      outro: [
        "Si vous n'avez pas essayé de vous connecter, vous pouvez ignorer cet e-mail. Ne communiquez jamais ce code à personne.",
      ],
    },
    resetCode: {
      subject: ({ app }) =>
        app ? `Réinitialisez votre mot de passe pour ${app}` : 'Réinitialisez votre mot de passe',
      preheader: () => 'Utilisez le code de cet e-mail pour réinitialiser votre mot de passe.',
      heading: 'Réinitialisez votre mot de passe',
      intro: ({ app }) =>
        app
          ? `Saisissez ce code pour réinitialiser votre mot de passe pour ${app}\u00a0:`
          : 'Saisissez ce code pour réinitialiser votre mot de passe\u00a0:',
      outro: [
        "Si vous n'avez pas demandé à réinitialiser votre mot de passe, vous pouvez ignorer cet e-mail. Votre mot de passe restera inchangé.",
      ],
    },
    passwordChanged: {
      subject: ({ app }) =>
        app ? `Votre mot de passe pour ${app} a été modifié` : 'Votre mot de passe a été modifié',
      preheader: () => 'Nous vous confirmons que votre mot de passe a été modifié.',
      heading: 'Votre mot de passe a été modifié',
      intro: ({ app }) =>
        app
          ? `Le mot de passe de votre compte ${app} vient d'être modifié.`
          : "Le mot de passe de votre compte vient d'être modifié.",
      outro: [
        "Si vous êtes à l'origine de cette modification, vous n'avez rien d'autre à faire.",
        "Sinon, réinitialisez immédiatement votre mot de passe et contactez l'assistance\u00a0: une autre personne a peut-être accès à votre compte.",
      ],
    },
  },
};
