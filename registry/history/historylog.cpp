// SPDX-License-Identifier: GPL-3.0-or-later
#include "history/historylog.h"
#include "history/historylogging.h"
#include "history/historywriter.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

namespace {
// A decoded segment nobody asked about for this long is let go.
constexpr qint64 decodedSegmentIdleMs = 60'000;
const QRegularExpression segmentName(QStringLiteral("^segment-(\\d{16})-(\\d{1,16})\\.jsonl$"));
}

HistoryLog::HistoryLog(QString directory, HistoryRetention retention, Limits limits)
    : m_directory {std::move(directory)}
    , m_retention {retention}
    , m_limits {limits}
    , m_writer {std::make_unique<HistoryWriter>()}
{
    // A segment never holds more than a quarter of what is kept, so trimming keeps most of it.
    m_limits.segmentBytes = std::max<qint64>(4096, std::min(m_limits.segmentBytes, m_retention.maxBytes / 4));
    m_limits.segmentAgeMs = std::max<qint64>(1000, std::min(m_limits.segmentAgeMs, m_retention.maxAgeMs / 4));
}

HistoryLog::HistoryLog(QString directory, HistoryRetention retention)
    : HistoryLog(std::move(directory), retention, Limits {})
{
}

HistoryLog::~HistoryLog() = default;

QString HistoryLog::segmentPath(const Segment &segment) const
{
    return QStringLiteral("%1/segment-%2-%3.jsonl").arg(m_directory)
        .arg(segment.firstSequence, 16, 10, QLatin1Char('0')).arg(segment.startTime);
}

QString HistoryLog::snapshotPath(const Segment &segment) const
{
    return QStringLiteral("%1/snapshot-%2.json").arg(m_directory).arg(segment.firstSequence, 16, 10, QLatin1Char('0'));
}

QString HistoryLog::open(qint64 nowMs)
{
    if (!QDir().mkpath(m_directory))
        return QStringLiteral("cannot create the history directory %1").arg(m_directory);
    if (const QString error = recoverExisting(); !error.isEmpty())
        return error;
    startSegment(nowMs);
    trim(nowMs);
    waitUntilWritten();
    return m_writer->error();
}

// The state where the log left off: the last snapshot and the entries of its segment that can be read.
QString HistoryLog::recoverExisting()
{
    const QStringList names = QDir(m_directory).entryList({QStringLiteral("segment-*.jsonl")}, QDir::Files, QDir::Name);
    for (const QString &name : names) {
        const QRegularExpressionMatch match = segmentName.match(name);
        if (match.hasMatch()) {
            m_segments.append({match.captured(1).toULongLong(), match.captured(2).toLongLong(),
                               QFileInfo(m_directory + u'/' + name).size()});
        }
    }
    if (m_segments.isEmpty())
        return {};
    const auto snapshot = loadSnapshot(m_segments.constLast());
    if (!snapshot) {
        const QString aside = m_directory + QStringLiteral(".corrupt-")
            + QDateTime::currentDateTimeUtc().toString(u"yyyyMMddHHmmss");
        m_segments.clear();
        if (!QDir().rename(m_directory, aside) || !QDir().mkpath(m_directory))
            return QStringLiteral("the history in %1 is unreadable and cannot be moved aside").arg(m_directory);
        qCWarning(lcHistory).noquote() << "the history in" << m_directory << "is unreadable; moved it aside to" << aside;
        return {};
    }
    m_current = *snapshot;
    const QList<HistoryEntry> entries = readSegment(m_segments.constLast());
    for (const HistoryEntry &entry : entries) {
        m_current.apply(entry);
        m_segmentLatest = std::max(m_segmentLatest, entry.timestamp);
    }
    m_segmentEntries = entries.size();
    m_nextSequence = entries.isEmpty() ? snapshot->sequence : entries.constLast().sequence + 1;
    return {};
}

void HistoryLog::append(HistoryEntry entry)
{
    entry.sequence = m_nextSequence++;
    m_current.apply(entry);
    m_segmentLatest = std::max(m_segmentLatest, entry.timestamp);
    ++m_segmentEntries;
    if (m_lastRead && !m_segments.isEmpty() && m_lastRead->firstSequence == m_segments.constLast().firstSequence)
        m_lastRead->entries.append(entry);
    m_unwritten.append(std::move(entry));
}

bool HistoryLog::flush(qint64 nowMs)
{
    if (!m_error.isEmpty())
        return false;
    if (!m_unwritten.isEmpty()) {
        QByteArray lines;
        for (const HistoryEntry &entry : std::as_const(m_unwritten))
            lines += QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact) + '\n';
        m_writer->append(segmentPath(m_segments.constLast()), lines);
        m_segments.last().bytes += lines.size();
        m_unwritten.clear();
    }
    if (needsRotation(nowMs)) {
        startSegment(nowMs);
        trim(nowMs);
    }
    if (m_lastRead && nowMs - m_lastReadUsedMs > decodedSegmentIdleMs)
        m_lastRead.reset();
    m_error = m_writer->error();
    return m_error.isEmpty();
}

void HistoryLog::waitUntilWritten() const
{
    m_writer->waitUntilWritten();
}

bool HistoryLog::needsRotation(qint64 nowMs) const
{
    if (m_segmentEntries == 0)
        return false;
    const Segment &current = m_segments.constLast();
    return current.bytes >= m_limits.segmentBytes || m_segmentEntries >= m_limits.segmentEntries
        || nowMs - current.startTime >= m_limits.segmentAgeMs;
}

// The snapshot of everything so far, then an empty segment after it. A decoded segment being
// scrubbed through stays (the one that ends is a past one now); the new one is read when asked for.
void HistoryLog::startSegment(qint64 nowMs)
{
    m_current.sequence = m_nextSequence;
    const Segment segment {m_nextSequence, std::max(nowMs, m_current.timestamp), 0};
    m_current.timestamp = segment.startTime;
    m_writer->writeSnapshot(snapshotPath(segment), m_current);
    m_writer->append(segmentPath(segment), {});
    m_segments.append(segment);
    m_segmentEntries = 0;
    m_segmentLatest = 0;
}

// Whole segments go, oldest first, while they are older than the retention allows or the log would
// outgrow it once the new segment is full; the one being written stays.
void HistoryLog::trim(qint64 nowMs)
{
    const qint64 budget = m_retention.maxBytes - m_limits.segmentBytes;
    qint64 total = diskBytes();
    while (m_segments.size() > 1) {
        const Segment &oldest = m_segments.constFirst();
        const bool tooOld = m_segments.at(1).startTime < nowMs - m_retention.maxAgeMs;
        if (!tooOld && total <= budget)
            break;
        total -= oldest.bytes;
        if (m_lastRead && m_lastRead->firstSequence == oldest.firstSequence)
            m_lastRead.reset();
        m_writer->remove({segmentPath(oldest), snapshotPath(oldest)});
        m_segments.removeFirst();
    }
}

std::optional<HistoryState> HistoryLog::loadSnapshot(const Segment &segment) const
{
    m_writer->waitUntilWritten();
    QFile file(snapshotPath(segment));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return HistoryState::decode(file.readAll());
}

// A line that cannot be read (the last one, cut short by a crash) is skipped.
QList<HistoryEntry> HistoryLog::readSegment(const Segment &segment) const
{
    m_writer->waitUntilWritten();
    QList<HistoryEntry> entries;
    QFile file(segmentPath(segment));
    if (!file.open(QIODevice::ReadOnly))
        return entries;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        const QJsonDocument document = QJsonDocument::fromJson(line);
        if (auto entry = HistoryEntry::fromJson(document.object()))
            entries.append(std::move(*entry));
    }
    return entries;
}

QList<HistoryEntry> HistoryLog::entries(qint64 from, qint64 to, qsizetype limit) const
{
    QList<HistoryEntry> found;
    const auto take = [&](const QList<HistoryEntry> &entries) {
        for (const HistoryEntry &entry : entries) {
            if (found.size() >= limit || entry.timestamp > to)
                return;
            if (entry.timestamp >= from)
                found.append(entry);
        }
    };
    for (qsizetype i = 0; i + 1 < m_segments.size(); ++i) {
        if (m_segments.at(i + 1).startTime >= from && m_segments.at(i).startTime <= to)
            take(readSegment(m_segments.at(i)));
    }
    if (!m_segments.isEmpty() && m_segments.constLast().startTime <= to) {
        take(readSegment(m_segments.constLast()));
        take(m_unwritten);
    }
    return found;
}

std::optional<HistoryState> HistoryLog::stateAt(qint64 time) const
{
    const auto after = std::upper_bound(m_segments.cbegin(), m_segments.cend(), time,
                                        [](qint64 t, const Segment &segment) { return t < segment.startTime; });
    if (after == m_segments.cbegin())
        return std::nullopt;
    const Segment &segment = *(after - 1);
    if (isCurrent(segment) && m_segmentLatest <= time)
        return m_current;
    const DecodedSegment *found = decoded(segment);
    if (!found)
        return std::nullopt;
    HistoryState state = found->snapshot;
    for (const HistoryEntry &entry : found->entries) {
        if (entry.timestamp > time)
            break;
        state.apply(entry);
    }
    return state;
}

bool HistoryLog::isCurrent(const Segment &segment) const
{
    return !m_segments.isEmpty() && segment.firstSequence == m_segments.constLast().firstSequence;
}

const HistoryLog::DecodedSegment *HistoryLog::decoded(const Segment &segment) const
{
    m_lastReadUsedMs = QDateTime::currentMSecsSinceEpoch();
    if (m_lastRead && m_lastRead->firstSequence == segment.firstSequence)
        return &*m_lastRead;
    m_lastRead.reset();
    auto snapshot = loadSnapshot(segment);
    if (!snapshot)
        return nullptr;
    QList<HistoryEntry> entries = readSegment(segment);
    if (isCurrent(segment))
        entries.append(m_unwritten);
    m_lastRead = DecodedSegment {segment.firstSequence, std::move(*snapshot), std::move(entries)};
    return &*m_lastRead;
}

qint64 HistoryLog::earliestTime() const
{
    return m_segments.isEmpty() ? 0 : m_segments.constFirst().startTime;
}

qint64 HistoryLog::diskBytes() const
{
    qint64 total = 0;
    for (const Segment &segment : m_segments)
        total += segment.bytes;
    return total;
}
