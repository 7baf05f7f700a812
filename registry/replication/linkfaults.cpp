// SPDX-License-Identifier: GPL-3.0-or-later
#include "replication/linkfaults.h"

#include <QMutexLocker>

#include <algorithm>

LinkFaults &LinkFaults::inProcess()
{
    static LinkFaults faults;
    return faults;
}

// One spelling per node: with the trailing slash, as Replicator::normalizedPeers writes it.
QString LinkFaults::keyOf(const QUrl &url)
{
    QString key = url.adjusted(QUrl::NormalizePathSegments).toString();
    if (!key.endsWith(u'/'))
        key += u'/';
    return key;
}

LinkFault LinkFaults::fault(const QUrl &from, const QUrl &to) const
{
    const QMutexLocker lock(&m_mutex);
    if (m_faults.isEmpty())
        return {};
    return m_faults.value({keyOf(from), keyOf(to)});
}

void LinkFaults::set(const QUrl &from, const QUrl &to, const LinkFault &fault)
{
    const QMutexLocker lock(&m_mutex);
    if (fault.isNone())
        m_faults.remove({keyOf(from), keyOf(to)});
    else
        m_faults.insert({keyOf(from), keyOf(to)}, fault);
}

void LinkFaults::setPartition(const QUrl &a, const QUrl &b, bool partitioned)
{
    for (const auto &[from, to] : {std::pair {a, b}, std::pair {b, a}}) {
        LinkFault changed = fault(from, to);
        changed.dropAll = partitioned;
        set(from, to, changed);
    }
}

void LinkFaults::healAll()
{
    const QMutexLocker lock(&m_mutex);
    m_faults.clear();
}

QList<LinkFaults::Link> LinkFaults::links() const
{
    const QMutexLocker lock(&m_mutex);
    QList<Link> links;
    for (auto it = m_faults.cbegin(); it != m_faults.cend(); ++it)
        links.append({QUrl(it.key().first), QUrl(it.key().second), it.value()});
    std::sort(links.begin(), links.end(), [](const Link &a, const Link &b) {
        return std::pair(a.from.toString(), a.to.toString()) < std::pair(b.from.toString(), b.to.toString());
    });
    return links;
}
