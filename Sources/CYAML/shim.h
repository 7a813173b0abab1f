#ifndef CAMPAIGN_CYAML_SHIM_H
#define CAMPAIGN_CYAML_SHIM_H

// libyaml: the YAML 1.1 parser Open States' people files are read with.
// Only the event parser is used (yaml_parser_parse); every call it needs
// is a plain function Swift can call, so no wrappers are needed here.
#include <yaml.h>

#endif
