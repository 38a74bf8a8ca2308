// The peer's render job: load the model with three.js' own loader, fit it to the view, draw an orbit of frames
// with WebGL2 and 4x MSAA (antialias: true) and encode every frame to WebP with canvas.toBlob.
import * as THREE from 'three';
import { GLTFLoader } from 'three/addons/loaders/GLTFLoader.js';
import { OBJLoader } from 'three/addons/loaders/OBJLoader.js';
import { STLLoader } from 'three/addons/loaders/STLLoader.js';
import { FBXLoader } from 'three/addons/loaders/FBXLoader.js';
import { PLYLoader } from 'three/addons/loaders/PLYLoader.js';

const canvas = document.createElement('canvas');
document.body.appendChild(canvas);
const renderer = new THREE.WebGLRenderer({ canvas, antialias: true, alpha: true });
renderer.setPixelRatio(1);

// Loaders that give geometry alone get the same plain material.
const meshOf = (geometry) => {
  if (!geometry.attributes.normal) geometry.computeVertexNormals();
  const material = new THREE.MeshStandardMaterial({
    color: 0xb0b0b0, roughness: 0.6, vertexColors: Boolean(geometry.attributes.color),
  });
  return new THREE.Mesh(geometry, material);
};
const LOADERS = {
  glb: async (url) => (await new GLTFLoader().loadAsync(url)).scene,
  gltf: async (url) => (await new GLTFLoader().loadAsync(url)).scene,
  obj: (url) => new OBJLoader().loadAsync(url),
  fbx: (url) => new FBXLoader().loadAsync(url),
  stl: async (url) => meshOf(await new STLLoader().loadAsync(url)),
  ply: async (url) => meshOf(await new PLYLoader().loadAsync(url)),
};

window.peerInfo = () => {
  const gl = renderer.getContext();
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return {
    webgl2: renderer.capabilities.isWebGL2 !== false && gl instanceof WebGL2RenderingContext,
    vendor: debug ? gl.getParameter(debug.UNMASKED_VENDOR_WEBGL) : gl.getParameter(gl.VENDOR),
    renderer: debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
    samples: gl.getParameter(gl.SAMPLES),
    three: THREE.REVISION,
    userAgent: navigator.userAgent,
  };
};

function triangles(object) {
  let n = 0;
  object.traverse((o) => {
    if (!o.isMesh) return;
    const g = o.geometry;
    n += (g.index ? g.index.count : g.attributes.position.count) / 3;
  });
  return n;
}

function dispose(object) {
  object.traverse((o) => {
    if (!o.isMesh) return;
    o.geometry.dispose();
    for (const m of [].concat(o.material)) {
      for (const v of Object.values(m)) if (v && v.isTexture) v.dispose();
      m.dispose();
    }
  });
}

// Largest distance of a mesh vertex from the centre (strided beyond 8,192 vertices per mesh).
function radiusAbout(object, centre) {
  const v = new THREE.Vector3();
  let r2 = 0;
  object.traverse((o) => {
    if (!o.isMesh) return;
    const p = o.geometry.attributes.position;
    const step = Math.max(1, Math.floor(p.count / 8192));
    for (let i = 0; i < p.count; i += step) r2 = Math.max(r2, v.fromBufferAttribute(p, i).applyMatrix4(o.matrixWorld).distanceToSquared(centre));
  });
  return Math.sqrt(r2);
}

// Centred, scaled so its largest extent is 2, seen by a 30-degree camera raised by cameraHeight x its distance, far
// enough that the vertices' bounding sphere stays within 90 % of the frame; the model turns under the camera.
function stage(object, cameraHeight) {
  const box = new THREE.Box3().setFromObject(object);   // also brings the world matrices up to date
  const size = box.getSize(new THREE.Vector3());
  const centre = box.getCenter(new THREE.Vector3());
  const scale = 2 / Math.max(size.x, size.y, size.z, 1e-9);
  const radius = radiusAbout(object, centre) * scale;
  object.position.sub(centre).multiplyScalar(scale);
  object.scale.multiplyScalar(scale);
  const turntable = new THREE.Group();
  turntable.add(object);
  const scene = new THREE.Scene();
  scene.add(turntable, new THREE.HemisphereLight(0xffffff, 0x444444, 1.5));
  const sun = new THREE.DirectionalLight(0xffffff, 2.5);
  sun.position.set(3, 5, 4);
  scene.add(sun);
  const camera = new THREE.PerspectiveCamera(30, 1, 0.01, 100);
  const distance = radius / Math.sin(Math.atan(0.9 * Math.tan(THREE.MathUtils.degToRad(15))));
  camera.position.set(0, distance * cameraHeight, distance).setLength(distance);
  camera.lookAt(0, 0, 0);
  return { scene, camera, turntable };
}

window.peerJob = async ({ url, file, size, frames, quality, background, cameraHeight, keepFirst }) => {
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  if (!LOADERS[ext]) throw new Error(`three.js has no loader here for .${ext}`);
  renderer.setSize(size, size, false);
  if (background === 'transparent') renderer.setClearColor(0x000000, 0);
  else renderer.setClearColor(new THREE.Color(background), 1);
  const t0 = performance.now();
  const object = await LOADERS[ext](url);
  const t1 = performance.now();
  const { scene, camera, turntable } = stage(object, cameraHeight);
  const blobs = [];
  for (let i = 0; i < frames; i++) {
    turntable.rotation.y = (2 * Math.PI * i) / frames;
    renderer.render(scene, camera);
    // toBlob takes its snapshot now (a readback); the WebP encoding finishes asynchronously
    blobs.push(new Promise((resolve) => canvas.toBlob(resolve, 'image/webp', quality / 100)));
  }
  const t2 = performance.now();
  const encoded = await Promise.all(blobs);
  const t3 = performance.now();
  const bytes = encoded.reduce((sum, b) => sum + (b ? b.size : 0), 0);
  const webp = encoded.every((b) => b && b.type === 'image/webp');
  const result = {
    load: t1 - t0, render: t2 - t1, encodeWait: t3 - t2, total: t3 - t0, bytes, webp, triangles: triangles(object),
  };
  if (keepFirst && encoded[0]) result.first = await dataUrl(encoded[0]);   // after the timing: for a look at the frame
  dispose(object);
  renderer.renderLists.dispose();
  return result;
};

const dataUrl = (blob) => new Promise((resolve) => {
  const reader = new FileReader();
  reader.onload = () => resolve(reader.result);
  reader.readAsDataURL(blob);
});

window.peerReady = true;
