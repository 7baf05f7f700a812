// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httpresponse.h"

#include <QString>

// A Service-Center business error (contract servicecomb.md §1.2): a code whose thousands are the
// HTTP status, a fixed message per code, and a detail naming the problem.
class ServiceCombError
{
public:
    enum Code
    {
        InvalidParams = 400001,
        Unhealthy = 400002,
        ServiceAlreadyExists = 400010,
        ServiceNotExists = 400012,
        DeployedInstance = 400013,
        SchemaNotExists = 400016,
        InstanceNotExists = 400017,
        TagNotExists = 400018,
        DependedOnConsumer = 400023,
        ServiceVersionNotExists = 400026,
        Unauthorized = 401201,         // RBAC: login and tokens
        WrongCredentials = 401202,
        NoAuthHeader = 401204,
        NoPermission = 403205,
        Internal = 500003,
    };

    ServiceCombError(Code code, QString detail);

    Code code() const { return m_code; }
    QString message() const;
    const QString &detail() const { return m_detail; }
    int httpStatus() const { return int(m_code) / 1000; }
    // {"errorCode":"400012","errorMessage":"…","detail":"…"} with the code as a string.
    QJsonObject toJson() const;
    HttpResponse toResponse() const;

private:
    Code m_code;
    QString m_detail;
};
