// SPDX-License-Identifier: GPL-3.0-or-later
#include "bridge/bridgeconfig.h"

namespace BridgeTargets {

QUrl normalizedUrl(BridgeState::Kind kind, const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != u"http" && url.scheme() != u"https"))
        return {};
    // The user part stays: a secured registry's credentials (http://user:secret@host/eureka/).
    QUrl normalized = url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment);
    if (kind == BridgeState::Kind::ServiceComb) {
        normalized.setPath({});
        return normalized;
    }
    if (!normalized.path().endsWith(u'/'))
        normalized.setPath(normalized.path() + u'/');
    return normalized;
}

std::variant<BridgeTarget, QString> parse(const QString &text)
{
    const qsizetype equals = text.indexOf(u'=');
    if (equals <= 0)
        return QStringLiteral("'%1' is not kind=url, e.g. eureka=http://host:8761/eureka/ or "
                              "servicecomb=http://host:30100").arg(text);
    const auto kind = bridgeKindFromName(QStringView(text).left(equals).trimmed());
    if (!kind)
        return QStringLiteral("unknown bridge kind '%1' (eureka or servicecomb)").arg(text.left(equals).trimmed());
    const QString urlText = text.mid(equals + 1).trimmed();
    const QUrl url = normalizedUrl(*kind, QUrl(urlText, QUrl::StrictMode));
    if (url.isEmpty())
        return QStringLiteral("'%1' is not an http or https URL with a host").arg(urlText);
    return BridgeTarget {*kind, url};
}

}
