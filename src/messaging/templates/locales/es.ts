import type { Catalog } from '../catalog.js';

export const es: Catalog = {
  lang: 'es',
  dir: 'ltr',
  greeting: (name) => (name ? `Hola, ${name}:` : 'Hola:'),
  expires: (minutes) =>
    minutes === 1 ? 'Este código caduca en 1 minuto.' : `Este código caduca en ${minutes} minutos.`,
  footer: (company) =>
    company
      ? `Este correo te lo ha enviado ${company}. No respondas a este mensaje.`
      : 'Este es un correo automático. No respondas a este mensaje.',
  templates: {
    verificationCode: {
      subject: ({ app }) =>
        app
          ? `Verifica tu dirección de correo electrónico para ${app}`
          : 'Verifica tu dirección de correo electrónico',
      preheader: ({ app }) =>
        app
          ? `Usa el código de este correo para terminar de registrarte en ${app}.`
          : 'Usa el código de este correo para terminar de registrarte.',
      heading: 'Verifica tu dirección de correo electrónico',
      intro: ({ app }) =>
        app
          ? `Introduce este código para terminar de registrarte en ${app}:`
          : 'Introduce este código para terminar de registrarte:',
      outro: [
        'Si no has intentado registrarte, puedes ignorar este correo. Es posible que alguien haya escrito tu dirección por error.',
      ],
    },
    signInCode: {
      subject: ({ app }) =>
        app ? `Tu código de inicio de sesión para ${app}` : 'Tu código de inicio de sesión',
      preheader: () => 'Usa el código de este correo para iniciar sesión.',
      heading: 'Tu código de inicio de sesión',
      intro: ({ app }) =>
        app
          ? `Introduce este código para iniciar sesión en ${app}:`
          : 'Introduce este código para iniciar sesión:',
      outro: [
        'Si no has intentado iniciar sesión, puedes ignorar este correo. No compartas este código con nadie.',
      ],
    },
    resetCode: {
      subject: ({ app }) => (app ? `Restablece tu contraseña de ${app}` : 'Restablece tu contraseña'),
      preheader: () => 'Usa el código de este correo para restablecer tu contraseña.',
      heading: 'Restablece tu contraseña',
      intro: ({ app }) =>
        app
          ? `Introduce este código para restablecer tu contraseña de ${app}:`
          : 'Introduce este código para restablecer tu contraseña:',
      outro: [
        'Si no has pedido restablecer tu contraseña, puedes ignorar este correo. Tu contraseña no cambiará.',
      ],
    },
    passwordChanged: {
      subject: ({ app }) => (app ? `Se ha cambiado tu contraseña de ${app}` : 'Se ha cambiado tu contraseña'),
      preheader: () => 'Te confirmamos que se ha cambiado tu contraseña.',
      heading: 'Se ha cambiado tu contraseña',
      intro: ({ app }) =>
        app
          ? `Se acaba de cambiar la contraseña de tu cuenta de ${app}.`
          : 'Se acaba de cambiar la contraseña de tu cuenta.',
      outro: [
        'Si has sido tú, no tienes que hacer nada más.',
        'Si no has sido tú, restablece tu contraseña de inmediato y ponte en contacto con el servicio de soporte: es posible que otra persona tenga acceso a tu cuenta.',
      ],
    },
  },
};
