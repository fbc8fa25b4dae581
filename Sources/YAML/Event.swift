/// One libyaml parse event, copied into Swift values so no C memory outlives
/// `yaml_event_delete`. Only what the tree builder needs is kept.
enum Event {
    case streamStart
    case streamEnd
    case documentStart
    case documentEnd
    case alias(anchor: String)
    case scalar(Scalar, anchor: String?)
    case sequenceStart(anchor: String?)
    case sequenceEnd
    case mappingStart(anchor: String?)
    case mappingEnd
}
