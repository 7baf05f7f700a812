// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

// RFC 1952 gzip, which Qt does not provide (qCompress writes zlib's own framing).
QByteArray gzipCompress(const QByteArray &data);
QByteArray gzipDecompress(const QByteArray &data);   // empty on error
