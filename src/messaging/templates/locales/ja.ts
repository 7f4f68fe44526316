import type { Catalog } from '../catalog.js';

// Subjects name the app in 【】, as Japanese service emails do.
export const ja: Catalog = {
  lang: 'ja',
  dir: 'ltr',
  // A Japanese email opens with the name and 様; without a name it simply starts.
  greeting: (name) => (name ? `${name} 様` : undefined),
  expires: (minutes) => `このコードの有効期限は${minutes}分です。`,
  footer: (company) =>
    company
      ? `このメールは${company}から自動送信されています。ご返信いただいてもお答えできませんのでご了承ください。`
      : 'このメールは自動送信されています。ご返信いただいてもお答えできませんのでご了承ください。',
  templates: {
    verificationCode: {
      subject: ({ app }) => (app ? `【${app}】メールアドレスの確認` : 'メールアドレスの確認'),
      preheader: ({ app }) =>
        app
          ? `${app} の登録を完了するには、このメールに記載のコードを入力してください。`
          : '登録を完了するには、このメールに記載のコードを入力してください。',
      heading: 'メールアドレスの確認',
      intro: ({ app }) =>
        app
          ? `${app} の登録を完了するには、次のコードを入力してください。`
          : '登録を完了するには、次のコードを入力してください。',
      outro: [
        'お心当たりがない場合は、このメールを破棄してください。どなたかが誤ってお客様のメールアドレスを入力した可能性があります。',
      ],
    },
    signInCode: {
      subject: ({ app }) => (app ? `【${app}】サインインコード` : 'サインインコード'),
      preheader: () => 'サインインするには、このメールに記載のコードを入力してください。',
      heading: 'サインインコード',
      intro: ({ app }) =>
        app
          ? `${app} にサインインするには、次のコードを入力してください。`
          : 'サインインするには、次のコードを入力してください。',
      outro: [
        'サインインしようとしていない場合は、このメールを破棄してください。このコードは誰にも教えないでください。',
      ],
    },
    resetCode: {
      subject: ({ app }) => (app ? `【${app}】パスワードの再設定` : 'パスワードの再設定'),
      preheader: () => 'パスワードを再設定するには、このメールに記載のコードを入力してください。',
      heading: 'パスワードの再設定',
      intro: ({ app }) =>
        app
          ? `${app} のパスワードを再設定するには、次のコードを入力してください。`
          : 'パスワードを再設定するには、次のコードを入力してください。',
      outro: [
        'パスワードの再設定を依頼していない場合は、このメールを破棄してください。パスワードは変更されません。',
      ],
    },
    passwordChanged: {
      subject: ({ app }) => (app ? `【${app}】パスワードが変更されました` : 'パスワードが変更されました'),
      preheader: () => 'お客様のパスワードが変更されたことをお知らせします。',
      heading: 'パスワードが変更されました',
      intro: ({ app }) =>
        app
          ? `${app} のアカウントのパスワードが変更されました。`
          : 'お客様のアカウントのパスワードが変更されました。',
      outro: [
        'ご自身で変更された場合は、特に対応は必要ありません。',
        'お心当たりがない場合は、すぐにパスワードを再設定し、サポートにお問い合わせください。第三者がお客様のアカウントにアクセスしている可能性があります。',
      ],
    },
  },
};
