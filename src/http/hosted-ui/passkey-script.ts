/**
 * The hosted pages' one script, served as /t/{tenant}/u/assets/passkey.js to the passkey pages only
 * (their CSP adds `script-src 'self'`; no inline script anywhere). It reads the WebAuthn options
 * from the page's JSON data block, runs the ceremony when the person presses the button, and posts
 * the browser's answer (WebAuthn's JSON form, base64url) in the form's hidden `response` field.
 * Without JavaScript the button stays hidden and the page's <noscript> text offers other ways.
 */
export const PASSKEY_SCRIPT = `'use strict';
(function () {
  var data = document.getElementById('passkey-options');
  var form = document.getElementById('passkey-form');
  if (!data || !form) return;
  var field = form.querySelector('input[name="response"]');
  var button = form.querySelector('button');
  var status = document.getElementById('passkey-status');
  var say = function (text) {
    if (status) {
      status.textContent = text;
      status.hidden = false;
    }
  };

  function decode(value) {
    var base64 = value.replace(/-/g, '+').replace(/_/g, '/');
    while (base64.length % 4) base64 += '=';
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function encode(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  }

  function withIds(list) {
    return (list || []).map(function (c) {
      return { id: decode(c.id), type: c.type, transports: c.transports };
    });
  }

  function toJSON(credential) {
    var r = credential.response;
    var response = { clientDataJSON: encode(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = encode(r.attestationObject);
      if (r.getTransports) response.transports = r.getTransports();
      if (r.getPublicKeyAlgorithm) response.publicKeyAlgorithm = r.getPublicKeyAlgorithm();
      var publicKey = r.getPublicKey ? r.getPublicKey() : null;
      if (publicKey) response.publicKey = encode(publicKey);
      if (r.getAuthenticatorData) response.authenticatorData = encode(r.getAuthenticatorData());
    } else {
      response.authenticatorData = encode(r.authenticatorData);
      response.signature = encode(r.signature);
      if (r.userHandle && r.userHandle.byteLength) response.userHandle = encode(r.userHandle);
    }
    var json = {
      id: credential.id,
      rawId: encode(credential.rawId),
      type: credential.type,
      response: response,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
    };
    if (credential.authenticatorAttachment) json.authenticatorAttachment = credential.authenticatorAttachment;
    return json;
  }

  if (!window.PublicKeyCredential || !navigator.credentials) {
    say(form.getAttribute('data-unsupported') || '');
    return;
  }
  if (button) button.hidden = false;

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (button) button.disabled = true;
    var options = JSON.parse(data.textContent || '{}');
    options.challenge = decode(options.challenge);
    var ceremony;
    if (form.getAttribute('data-ceremony') === 'create') {
      options.user.id = decode(options.user.id);
      options.excludeCredentials = withIds(options.excludeCredentials);
      ceremony = navigator.credentials.create({ publicKey: options });
    } else {
      if (options.allowCredentials) options.allowCredentials = withIds(options.allowCredentials);
      ceremony = navigator.credentials.get({ publicKey: options });
    }
    ceremony.then(
      function (credential) {
        if (!credential) throw new Error('no credential');
        field.value = JSON.stringify(toJSON(credential));
        form.submit();
      },
    ).catch(function () {
      say(form.getAttribute('data-failed') || '');
      if (button) button.disabled = false;
    });
  });
})();
`;
