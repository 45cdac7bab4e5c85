<?php
/**
 * Plugin Name:       Listen (tts-service)
 * Description:       A "Click to start listening" player on every post, its audio made by your tts-service on publish.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      8.2
 * License:           MIT
 * Text Domain:       tts-service
 *
 * @package TTS_Service
 */

defined( 'ABSPATH' ) || exit;

define( 'TTS_SERVICE_VERSION', '0.1.0' );
define( 'TTS_SERVICE_DIR', __DIR__ );
define( 'TTS_SERVICE_FILE', __FILE__ );

require_once TTS_SERVICE_DIR . '/includes/settings.php';
require_once TTS_SERVICE_DIR . '/includes/lexicon.php';
require_once TTS_SERVICE_DIR . '/includes/client.php';
require_once TTS_SERVICE_DIR . '/includes/sync.php';
require_once TTS_SERVICE_DIR . '/includes/player.php';
require_once TTS_SERVICE_DIR . '/includes/post-box.php';
require_once TTS_SERVICE_DIR . '/includes/catalogue.php';
