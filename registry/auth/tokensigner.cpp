// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/tokensigner.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QSaveFile>

#include <sodium.h>

namespace {
constexpr qsizetype keyBytes = 32;
constexpr auto base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray keptKey(const QString &path)
{
    QFile existing(path);
    if (existing.open(QIODevice::ReadOnly)) {
        const QByteArray key = QByteArray::fromBase64(existing.readAll().trimmed());
        if (key.size() == keyBytes)
            return key;
    }
    const QByteArray key = TokenSigner::randomKey();
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        file.write(key.toBase64());
        file.commit();
    }
    return key;
}
}

QByteArray TokenSigner::randomKey()
{
    QByteArray key(keyBytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(key.data()), keyBytes / 4);
    return key;
}

std::unique_ptr<TokenSigner> TokenSigner::awaitingKey()
{
    return std::unique_ptr<TokenSigner>(new TokenSigner(Unkeyed {}));
}

bool TokenSigner::setKey(const QByteArray &key)
{
    if (key.size() != keyBytes)
        return false;
    m_key = key;
    return true;
}

TokenSigner::TokenSigner(const QString &keyFile)
    : m_key {keyFile.isEmpty() ? randomKey() : keptKey(keyFile)}
{
}

QByteArray TokenSigner::signature(const QByteArray &payload) const
{
    return QMessageAuthenticationCode::hash(payload, m_key, QCryptographicHash::Sha256);
}

QString TokenSigner::issue(const QString &account, qint64 expiresAtMs) const
{
    const QByteArray payload = QJsonDocument(QJsonObject {{QStringLiteral("sub"), account},
                                                          {QStringLiteral("exp"), expiresAtMs}})
                                   .toJson(QJsonDocument::Compact)
                                   .toBase64(base64Url);
    return QString::fromLatin1(payload + '.' + signature(payload).toBase64(base64Url));
}

std::optional<QString> TokenSigner::verify(QByteArrayView token, qint64 nowMs) const
{
    if (!hasKey())
        return std::nullopt;
    const qsizetype dot = token.indexOf('.');
    if (dot <= 0)
        return std::nullopt;
    const QByteArray payload = token.first(dot).toByteArray();
    const auto decoded = QByteArray::fromBase64Encoding(token.sliced(dot + 1).toByteArray(), base64Url);
    // Constant time: a timing difference must not reveal how much of a forged signature was right.
    const QByteArray expected = signature(payload);
    if (!decoded || decoded.decoded.size() != expected.size())
        return std::nullopt;
    if (sodium_memcmp(expected.constData(), decoded.decoded.constData(), size_t(expected.size())) != 0)
        return std::nullopt;
    const auto json = QByteArray::fromBase64Encoding(payload, base64Url);
    const QJsonObject claims = QJsonDocument::fromJson(json.decoded).object();
    if (!json || claims.value(u"exp").toInteger() <= nowMs)
        return std::nullopt;
    return claims.value(u"sub").toString();
}
