import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where an MLflow tracking server is and how to sign in: MLflow's own conventions,
/// `MLFLOW_TRACKING_URI` (or `--mlflow URI`), and `MLFLOW_TRACKING_TOKEN` or
/// `MLFLOW_TRACKING_USERNAME`/`MLFLOW_TRACKING_PASSWORD`. Credentials never appear in logs,
/// results or errors: ``description`` shows the URI without its user information.
public struct MLflowSettings: Sendable, CustomStringConvertible {
    public var uri: URL
    var authorization: String?

    /// The settings the environment (or a `--mlflow` value, which wins) asks for; nil when
    /// MLflow is not asked for. Only http and https servers are spoken to.
    public static func from(environment: [String: String], uri flag: String? = nil) throws -> MLflowSettings? {
        guard let text = flag ?? environment["MLFLOW_TRACKING_URI"], !text.isEmpty else { return nil }
        guard let url = URL(string: text.hasSuffix("/") ? String(text.dropLast()) : text),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw TrackingError("MLflow tracking URI '\(Self.redacted(text))' is not an http(s) server address (finetune speaks to a tracking server over its REST API)")
        }
        // Credentials in the URI become the Authorization header and leave the URI, so no
        // message or request line can show them.
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        let inline = components?.user.map { ($0, components?.password ?? "") }
        components?.user = nil
        components?.password = nil
        var settings = MLflowSettings(uri: components?.url ?? url)
        if let (user, password) = inline {
            settings.authorization = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        }
        if let token = environment["MLFLOW_TRACKING_TOKEN"], !token.isEmpty {
            settings.authorization = "Bearer " + token
        } else if let user = environment["MLFLOW_TRACKING_USERNAME"], let password = environment["MLFLOW_TRACKING_PASSWORD"] {
            settings.authorization = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        }
        return settings
    }

    public var description: String { Self.redacted(uri.absoluteString) }

    /// A URI without `user:password@`.
    static func redacted(_ text: String) -> String {
        guard let at = text.firstIndex(of: "@"), let scheme = text.range(of: "://"), scheme.upperBound < at else { return text }
        return String(text[..<scheme.upperBound]) + String(text[text.index(after: at)...])
    }
}

/// MLflow's REST API (`/api/2.0/mlflow/…` and the artifact proxy), the calls finetune makes.
/// Synchronous, with a timeout, so a slow server costs bounded time.
public struct MLflowClient: Sendable {
    public let settings: MLflowSettings
    public var timeout: TimeInterval = 10

    public init(settings: MLflowSettings) { self.settings = settings }

    /// A server's refusal (an HTTP error with MLflow's error code) or an unreachable server.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var status: Int?
        public var code: String?
        public var message: String
        public var description: String {
            status.map { "HTTP \($0)\(code.map { " \($0)" } ?? ""): \(message)" } ?? message
        }
    }

    // MARK: - Calls

    public func experimentID(named name: String) throws -> String? {
        var parts = URLComponents()
        parts.queryItems = [URLQueryItem(name: "experiment_name", value: name)]
        do {
            let object = try call("GET", "mlflow/experiments/get-by-name" + (parts.percentEncodedQuery.map { "?" + $0 } ?? ""), body: nil)
            return (object["experiment"] as? [String: Any])?["experiment_id"] as? String
        } catch let failure as Failure where failure.code == "RESOURCE_DOES_NOT_EXIST" {
            return nil
        }
    }

    public func createExperiment(named name: String) throws -> String {
        let object = try call("POST", "mlflow/experiments/create", body: ["name": name])
        guard let id = object["experiment_id"] as? String else { throw Failure(message: "experiments/create returned no experiment_id") }
        return id
    }

    /// Active runs of `experiment` whose tag `key` is `value`.
    public func runs(in experiment: String, tag key: String, equals value: String) throws -> [[String: Any]] {
        let quoted = value.replacingOccurrences(of: "'", with: "\\'")
        let object = try call("POST", "mlflow/runs/search", body: [
            "experiment_ids": [experiment], "filter": "tags.\"\(key)\" = '\(quoted)'",
            "run_view_type": "ACTIVE_ONLY", "max_results": 100,
        ])
        return object["runs"] as? [[String: Any]] ?? []
    }

    /// Creates a run; returns its id and artifact URI.
    public func createRun(in experiment: String, name: String, startTime: Double, tags: [String: String]) throws -> (id: String, artifacts: String) {
        let object = try call("POST", "mlflow/runs/create", body: [
            "experiment_id": experiment, "run_name": name, "start_time": Int64(startTime * 1000),
            "tags": tags.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] },
        ])
        guard let info = (object["run"] as? [String: Any])?["info"] as? [String: Any], let id = info["run_id"] as? String else {
            throw Failure(message: "runs/create returned no run_id")
        }
        return (id, info["artifact_uri"] as? String ?? "")
    }

    public struct Metric: Sendable {
        public var key: String
        public var value: Double
        public var time: Double
        public var step: Int
    }

    /// One `runs/log-batch` call (MLflow's limits: 1000 metrics, 100 params, 100 tags).
    public func logBatch(run: String, metrics: [Metric] = [], params: [String: String] = [:], tags: [String: String] = [:]) throws {
        _ = try call("POST", "mlflow/runs/log-batch", body: [
            "run_id": run,
            "metrics": metrics.map { ["key": $0.key, "value": $0.value, "timestamp": Int64($0.time * 1000), "step": $0.step] as [String: Any] },
            "params": params.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] },
            "tags": tags.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] },
        ])
    }

    /// `FINISHED`, `FAILED`, `KILLED` or `RUNNING`.
    public func updateRun(_ run: String, status: String, endTime: Double?) throws {
        var body: [String: Any] = ["run_id": run, "status": status]
        if let endTime { body["end_time"] = Int64(endTime * 1000) }
        _ = try call("POST", "mlflow/runs/update", body: body)
    }

    public func deleteRun(_ run: String) throws {
        _ = try call("POST", "mlflow/runs/delete", body: ["run_id": run])
    }

    /// Uploads a file through the server's artifact proxy (`mlflow-artifacts:/…` artifact URIs).
    public func uploadArtifact(_ data: Data, name: String, artifactURI: String) throws {
        let prefix = "mlflow-artifacts:"
        guard artifactURI.hasPrefix(prefix) else {
            throw Failure(message: "the run's artifact location '\(artifactURI)' is not served by the tracking server (start it with --serve-artifacts, MLflow's default)")
        }
        var path = String(artifactURI.dropFirst(prefix.count))
        while path.hasPrefix("/") { path.removeFirst() }
        _ = try request("PUT", "mlflow-artifacts/artifacts/\(path)/\(name)", body: data, contentType: "application/octet-stream")
    }

    // MARK: - HTTP

    private func call(_ method: String, _ path: String, body: [String: Any]?) throws -> [String: Any] {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let reply = try request(method, path, body: data, contentType: "application/json")
        if reply.isEmpty { return [:] }
        return (try? JSONSerialization.jsonObject(with: reply)) as? [String: Any] ?? [:]
    }

    private func request(_ method: String, _ path: String, body: Data?, contentType: String) throws -> Data {
        guard let url = URL(string: settings.uri.absoluteString + "/api/2.0/" + path) else {
            throw Failure(message: "cannot form a request URL for \(path)")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        request.httpBody = body
        request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        if let authorization = settings.authorization { request.setValue(authorization, forHTTPHeaderField: "Authorization") }
        final class Box: @unchecked Sendable { var data: Data?; var response: URLResponse?; var error: Error? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            box.data = data
            box.response = response
            box.error = error
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeout + 1) == .timedOut {
            task.cancel()
            throw Failure(message: "\(settings) did not answer \(method) \(path) within \(Int(timeout)) s")
        }
        if let error = box.error { throw Failure(message: "\(settings): \(error.localizedDescription)") }
        let status = (box.response as? HTTPURLResponse)?.statusCode ?? 0
        let data = box.data ?? Data()
        guard (200..<300).contains(status) else {
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            throw Failure(status: status, code: object?["error_code"] as? String,
                          message: (object?["message"] as? String) ?? String(decoding: data.prefix(300), as: UTF8.self))
        }
        return data
    }
}
