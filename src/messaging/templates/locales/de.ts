import type { Catalog } from '../catalog.js';

export const de: Catalog = {
  lang: 'de',
  dir: 'ltr',
  greeting: (name) => (name ? `Hallo ${name},` : 'Hallo,'),
  expires: (minutes) =>
    minutes === 1 ? 'Dieser Code läuft in 1 Minute ab.' : `Dieser Code läuft in ${minutes} Minuten ab.`,
  footer: (company) =>
    company
      ? `Diese E-Mail wurde von ${company} gesendet. Bitte antworten Sie nicht darauf.`
      : 'Dies ist eine automatisch erstellte E-Mail. Bitte antworten Sie nicht darauf.',
  templates: {
    verificationCode: {
      subject: ({ app }) =>
        app ? `Bestätigen Sie Ihre E-Mail-Adresse für ${app}` : 'Bestätigen Sie Ihre E-Mail-Adresse',
      preheader: ({ app }) =>
        app
          ? `Mit dem Code in dieser E-Mail schließen Sie Ihre Registrierung bei ${app} ab.`
          : 'Mit dem Code in dieser E-Mail schließen Sie Ihre Registrierung ab.',
      heading: 'Bestätigen Sie Ihre E-Mail-Adresse',
      intro: ({ app }) =>
        app
          ? `Geben Sie diesen Code ein, um Ihre Registrierung bei ${app} abzuschließen:`
          : 'Geben Sie diesen Code ein, um Ihre Registrierung abzuschließen:',
      outro: [
        'Wenn Sie sich nicht registrieren wollten, können Sie diese E-Mail ignorieren. Möglicherweise hat jemand Ihre Adresse versehentlich eingegeben.',
      ],
    },
    signInCode: {
      subject: ({ app }) => (app ? `Ihr Anmeldecode für ${app}` : 'Ihr Anmeldecode'),
      preheader: () => 'Mit dem Code in dieser E-Mail melden Sie sich an.',
      heading: 'Ihr Anmeldecode',
      intro: ({ app }) =>
        app
          ? `Geben Sie diesen Code ein, um sich bei ${app} anzumelden:`
          : 'Geben Sie diesen Code ein, um sich anzumelden:',
      outro: [
        'Wenn Sie nicht versucht haben, sich anzumelden, können Sie diese E-Mail ignorieren. Geben Sie diesen Code niemals an andere weiter.',
      ],
    },
    resetCode: {
      subject: ({ app }) =>
        app ? `Setzen Sie Ihr Passwort für ${app} zurück` : 'Setzen Sie Ihr Passwort zurück',
      preheader: () => 'Mit dem Code in dieser E-Mail setzen Sie Ihr Passwort zurück.',
      heading: 'Passwort zurücksetzen',
      intro: ({ app }) =>
        app
          ? `Geben Sie diesen Code ein, um Ihr Passwort für ${app} zurückzusetzen:`
          : 'Geben Sie diesen Code ein, um Ihr Passwort zurückzusetzen:',
      outro: [
        'Wenn Sie das Zurücksetzen nicht angefordert haben, können Sie diese E-Mail ignorieren. Ihr Passwort bleibt unverändert.',
      ],
    },
    passwordChanged: {
      subject: ({ app }) => (app ? `Ihr Passwort für ${app} wurde geändert` : 'Ihr Passwort wurde geändert'),
      preheader: () => 'Hiermit bestätigen wir, dass Ihr Passwort geändert wurde.',
      heading: 'Ihr Passwort wurde geändert',
      intro: ({ app }) =>
        app
          ? `Das Passwort für Ihr Konto bei ${app} wurde soeben geändert.`
          : 'Das Passwort für Ihr Konto wurde soeben geändert.',
      outro: [
        'Wenn Sie das selbst waren, müssen Sie nichts weiter tun.',
        'Falls nicht, setzen Sie Ihr Passwort sofort zurück und wenden Sie sich an den Support: Möglicherweise hat jemand anderes Zugriff auf Ihr Konto.',
      ],
    },
  },
};
